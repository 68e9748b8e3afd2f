import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  escapeFormula,
  formatUnitPath,
  type ImportRecord,
  joinEscaped,
  splitEscaped,
  unescapeFormula,
} from '#domain/member-csv.ts';
import { ImportDuplicates, MAX_IMPORT_ROW_GROUPS, validateImportRow } from '#domain/member-import-rows.ts';
import { nameProblem } from '#domain/text.ts';
import { CountryCode, Language, Name } from '#http/schemas/common.ts';

const person: ImportRecord = { username: 'ana', email: 'Ana@Example.com', firstName: 'Ana', lastName: 'Silva' };

/** The problems of a row: [column, code] pairs. */
const problemsOf = (record: ImportRecord) => validateImportRow(record).problems.map((p) => [p.column, p.code]);

describe('a member file row', () => {
  it('gives the member with the defaults: a person, role user, the root, no groups, an invitation', () => {
    expect(validateImportRow(person)).toEqual({
      input: {
        type: 'person',
        username: 'ana',
        email: 'ana@example.com',
        firstName: 'Ana',
        lastName: 'Silva',
        role: 'user',
        unitPath: [],
        countryCode: null,
        language: null,
        groups: [],
        services: [],
        extension: null,
        sendInvitation: true,
      },
      problems: [],
    });
  });

  it('reads every column, trimmed, enumerations and codes in any case', () => {
    const { input } = validateImportRow({
      username: ' bob ',
      email: 'bo@example.com',
      firstName: 'Bo',
      lastName: 'Li',
      type: 'Person',
      role: 'ADMIN',
      unit: '/Sales/ EMEA /',
      countryCode: 'de',
      language: 'en-us',
      groups: 'Night shift; Sales;;night SHIFT',
      services: 'fax; SMS;fax',
      extension: '2001',
      sendInvitation: 'FALSE',
    });
    expect(input).toEqual({
      type: 'person',
      username: 'bob',
      email: 'bo@example.com',
      firstName: 'Bo',
      lastName: 'Li',
      role: 'admin',
      unitPath: ['Sales', 'EMEA'],
      countryCode: 'DE',
      language: 'en-US',
      groups: ['Night shift', 'Sales'],
      services: ['fax', 'sms'],
      extension: '2001',
      sendInvitation: false,
    });
  });

  it('lets the other types go without an email and an invitation, and keeps an email given to them', () => {
    expect(validateImportRow({ ...person, email: '', type: 'call_queue' }).input).toMatchObject({
      type: 'call_queue',
      email: null,
      sendInvitation: false,
    });
    expect(validateImportRow({ ...person, type: 'conference_bridge' }).input).toMatchObject({
      email: 'ana@example.com',
      sendInvitation: false,
    });
    expect(validateImportRow({ ...person, type: 'system', role: 'admin', sendInvitation: 'false' }).problems).toEqual(
      [],
    );
  });

  it.each([
    ['username', { username: '' }, 'missing_value'],
    ['username', { username: undefined }, 'missing_value'],
    ['username', { username: 'Ana' }, 'invalid_username'],
    ['username', { username: 'ab' }, 'invalid_username'],
    ['username', { username: 'ana.b', type: 'system' }, 'invalid_username'],
    ['email', { email: '' }, 'missing_value'],
    ['email', { email: 'ana@' }, 'invalid_email'],
    ['email', { email: 'not-an-email', type: 'call_queue' }, 'invalid_email'],
    ['firstName', { firstName: ' ' }, 'missing_value'],
    ['lastName', { lastName: undefined }, 'missing_value'],
    ['firstName', { firstName: 'x'.repeat(101) }, 'invalid_name'],
    ['lastName', { lastName: 'Li\u202eevil' }, 'invalid_name'],
    ['type', { type: 'robot' }, 'invalid_type'],
    ['role', { role: 'owner' }, 'invalid_role'],
    ['role', { role: 'admin', type: 'auto_attendant', email: '' }, 'not_for_type'],
    ['role', { role: 'account_manager', type: 'system', email: '' }, 'not_for_type'],
    ['unit', { unit: '/Sales//EMEA' }, 'invalid_unit_path'],
    ['unit', { unit: '/a/b/c/d/e/f/g/h/i' }, 'invalid_unit_path'],
    ['unit', { unit: '/Sales\\' }, 'invalid_unit_path'],
    ['unit', { unit: `/${'x'.repeat(101)}` }, 'invalid_unit_path'],
    ['countryCode', { countryCode: 'USA' }, 'invalid_country_code'],
    ['language', { language: 'english' }, 'invalid_language'],
    ['groups', { groups: `ok;${'g'.repeat(101)}` }, 'invalid_group_name'],
    ['groups', { groups: 'tab\there' }, 'invalid_group_name'],
    [
      'groups',
      { groups: Array.from({ length: MAX_IMPORT_ROW_GROUPS + 1 }, (_, i) => `g${i}`).join(';') },
      'invalid_group_name',
    ],
    ['services', { services: 'fax;telex' }, 'invalid_service'],
    ['extension', { extension: '1' }, 'invalid_extension'],
    ['extension', { extension: '12a' }, 'invalid_extension'],
    ['sendInvitation', { sendInvitation: 'maybe' }, 'invalid_boolean'],
    ['sendInvitation', { sendInvitation: 'true', type: 'system', email: '' }, 'not_for_type'],
  ] as const)('refuses a bad %s: %j → %s, naming the column', (column, change, code) => {
    const verdict = validateImportRow({ ...person, ...change });
    expect(verdict.input).toBeNull();
    expect(problemsOf({ ...person, ...change })).toEqual([[column, code]]);
  });

  it('reports every problem of a row at once', () => {
    expect(problemsOf({ username: 'A', email: 'x', firstName: 'Ana', lastName: '', extension: 'x' })).toEqual([
      ['username', 'invalid_username'],
      ['email', 'invalid_email'],
      ['lastName', 'missing_value'],
      ['extension', 'invalid_extension'],
    ]);
  });

  it('drops the formula guard an export put before a cell, and nothing else', () => {
    const { input } = validateImportRow({
      ...person,
      email: "'-ana@example.com",
      firstName: '\'=HYPERLINK("http://x")',
      lastName: "'+1",
      groups: "'@team;'quoted",
    });
    expect(input).toMatchObject({
      email: '-ana@example.com',
      firstName: '=HYPERLINK("http://x")',
      lastName: '+1',
      groups: ['@team', "'quoted"],
    });
  });

  it('reads names holding a separator or a backslash when they are escaped', () => {
    const { input } = validateImportRow({ ...person, unit: '/R\\/D/C:\\\\', groups: 'A\\;B;C' });
    expect(input).toMatchObject({ unitPath: ['R/D', 'C:\\'], groups: ['A;B', 'C'] });
  });
});

describe('the member file encodings', () => {
  it.each([
    '',
    'plain',
    '=1+2',
    '+15551234567',
    '-x',
    '@home',
    '\tTab',
    '\rCR',
    "'=already",
    "''+twice",
    "'plain",
    "it's",
  ])('escapes formulas and reads them back: %j', (value) => {
    const written = escapeFormula(value);
    expect(/^[=+\-@\t\r]/.test(written)).toBe(false);
    expect(unescapeFormula(written)).toBe(value);
  });

  it.each([[['Sales', 'EMEA']], [['R/D', 'C:\\', 'a;b']], [[]]])('writes and reads unit paths: %j', (names) => {
    const written = formatUnitPath(names);
    expect(validateImportRow({ ...person, unit: written }).input?.unitPath).toEqual(names);
  });

  it('writes and reads lists', () => {
    const names = ['A;B', 'C\\D', 'E/F'];
    expect(splitEscaped(joinEscaped(names, ';'), ';')).toEqual(names);
  });
});

describe('the name and code rules are the request schemas’ rules', () => {
  it.each(['Ana', 'x'.repeat(100), 'x'.repeat(101), 'Zoë', 'عربي', 'a\u0000b', 'a\u202eb', 'a\nb', 'a\u0085b'])(
    'the domain and the schema agree on the name %j',
    (name) => {
      expect(nameProblem(name) === null).toBe(v.safeParse(Name, name).success);
    },
  );

  it.each(['US', 'us', 'USA', 'U1'])('they agree on the country code %j', (code) => {
    expect(validateImportRow({ ...person, countryCode: code }).problems.length === 0).toBe(
      v.safeParse(CountryCode, code.toUpperCase()).success,
    );
  });

  it.each(['en', 'en-US', 'eng', 'english', 'en-USA'])('they agree on the language %j', (tag) => {
    expect(validateImportRow({ ...person, language: tag }).problems.length === 0).toBe(
      v.safeParse(Language, tag).success,
    );
  });
});

describe('duplicates within a file', () => {
  it('lets the first row win and fails later rows with the same username, email or extension, naming the first line', () => {
    const seen = new ImportDuplicates();
    expect(seen.claim(2, { type: 'person', username: 'ana', email: 'ana@example.com' })).toEqual([]);
    expect(seen.claim(3, { type: 'person', username: 'bo', email: null })).toEqual([]);
    expect(seen.claim(4, { type: 'person', username: 'ANA', email: 'other@example.com' })).toEqual([
      { column: 'username', code: 'duplicate_in_file', message: expect.stringContaining('line 2') },
    ]);
    expect(seen.claim(5, { type: 'person', username: 'cy', email: 'Ana@Example.com' })).toEqual([
      { column: 'email', code: 'duplicate_in_file', message: expect.stringContaining('line 2') },
    ]);
    // a failed row claims nothing: its new email is still free
    expect(seen.claim(6, { type: 'person', username: 'di', email: 'other@example.com' })).toEqual([]);
    // members without an email do not collide on it
    expect(seen.claim(7, { type: 'person', username: 'ed', email: null })).toEqual([]);
    // extensions too: a later row with the first one's extension fails
    expect(seen.claim(8, { type: 'person', username: 'fay', email: null, extension: '2001' })).toEqual([]);
    expect(seen.claim(9, { type: 'person', username: 'gus', email: 'gus@example.com', extension: '2001' })).toEqual([
      { column: 'extension', code: 'duplicate_in_file', message: expect.stringContaining('line 8') },
    ]);
    // claiming a row again (a resumed import) is no duplicate of itself
    expect(seen.claim(2, { type: 'person', username: 'ana', email: 'ana@example.com' })).toEqual([]);
  });

  it("takes only a person's email as a key: other types' contact addresses may be shared, a person's too", () => {
    const seen = new ImportDuplicates();
    expect(seen.claim(2, { type: 'conference_bridge', username: 'br1', email: 'it@example.com' })).toEqual([]);
    expect(seen.claim(3, { type: 'call_queue', username: 'q1', email: 'it@example.com' })).toEqual([]);
    expect(seen.claim(4, { type: 'person', username: 'it', email: 'it@example.com' })).toEqual([]);
    expect(seen.claim(5, { type: 'system', username: 'bot', email: 'IT@example.com' })).toEqual([]);
    // positive control: a second person with it still fails, naming the first person's line
    expect(seen.claim(6, { type: 'person', username: 'it2', email: 'it@example.com' })).toEqual([
      { column: 'email', code: 'duplicate_in_file', message: expect.stringContaining('line 4') },
    ]);
  });
});
