import { describe, expect, it } from 'vitest';
import { ScimError } from '#domain/scim/errors.ts';
import { SCIM_ENTERPRISE_USER, SCIM_GROUP, SCIM_USER } from '#domain/scim/schemas.ts';
import { parseFilter } from '#http/scim/filter.ts';

const USERS = ['userName', 'externalId', 'id', 'emails.value', 'active'] as const;
const GROUPS = ['displayName', 'externalId', 'id', 'members.value'] as const;

function invalid(text: string, allowed: readonly string[] = USERS): string {
  try {
    parseFilter(text, allowed);
  } catch (e) {
    if (e instanceof ScimError && e.status === 400 && e.scimType === 'invalidFilter') return e.detail ?? '';
    throw e;
  }
  throw new Error(`expected invalidFilter for ${text}`);
}

describe('parseFilter', () => {
  it('reads eq terms, attribute names canonical whatever their case', () => {
    expect(parseFilter('userName eq "Alice@Example.com"', USERS)).toEqual([
      { attribute: 'userName', value: 'Alice@Example.com' },
    ]);
    expect(parseFilter('USERNAME EQ "a"', USERS)).toEqual([{ attribute: 'userName', value: 'a' }]);
    expect(parseFilter('externalid eq "00u1"', USERS)).toEqual([{ attribute: 'externalId', value: '00u1' }]);
    expect(parseFilter('Id eq "u1"', USERS)).toEqual([{ attribute: 'id', value: 'u1' }]);
    expect(parseFilter('emails.value eq "a@x.test"', USERS)).toEqual([
      { attribute: 'emails.value', value: 'a@x.test' },
    ]);
  });

  it("accepts Entra's connection test: a random GUID", () => {
    const guid = '3c7d1a41-0b86-4e61-b4c2-6f1a3b3f6a90';
    expect(parseFilter(`userName eq "${guid}"`, USERS)).toEqual([{ attribute: 'userName', value: guid }]);
  });

  it('strips the schema URN prefix', () => {
    expect(parseFilter(`${SCIM_USER}:userName eq "a"`, USERS)).toEqual([{ attribute: 'userName', value: 'a' }]);
    expect(parseFilter(`${SCIM_GROUP.toLowerCase()}:DisplayName eq "Sales"`, GROUPS)).toEqual([
      { attribute: 'displayName', value: 'Sales' },
    ]);
  });

  it('joins terms with and (any case, nested, in parentheses)', () => {
    expect(parseFilter('userName eq "a" AND externalId eq "b" and (id eq "c" and active eq false)', USERS)).toEqual([
      { attribute: 'userName', value: 'a' },
      { attribute: 'externalId', value: 'b' },
      { attribute: 'id', value: 'c' },
      { attribute: 'active', value: false },
    ]);
  });

  it('gives active a boolean value', () => {
    expect(parseFilter('active eq true', USERS)).toEqual([{ attribute: 'active', value: true }]);
    expect(parseFilter('active eq "False"', USERS)).toEqual([{ attribute: 'active', value: false }]);
    expect(invalid('active eq "yes"')).toMatch(/true or false/);
  });

  it('reads emails[type eq "work"].value, alone or beside other terms', () => {
    const work = { attribute: 'emails.value', value: 'a@x.test', where: { attribute: 'type', value: 'work' } };
    expect(parseFilter('emails[type eq "work"].value eq "a@x.test"', USERS)).toEqual([work]);
    expect(parseFilter('Emails[Type eq "work"].Value eq "a@x.test" and userName eq "a"', USERS)).toEqual([
      work,
      { attribute: 'userName', value: 'a' },
    ]);
    expect(parseFilter('userName eq "a" and emails[type eq "work"].value eq "a@x.test"', USERS)).toEqual([
      { attribute: 'userName', value: 'a' },
      work,
    ]);
  });

  it('reads members[value eq "x"] as members.value', () => {
    expect(parseFilter('members[value eq "u1"]', GROUPS)).toEqual([{ attribute: 'members.value', value: 'u1' }]);
    expect(parseFilter('displayName eq "G" and members[value eq "u1"]', GROUPS)).toEqual([
      { attribute: 'displayName', value: 'G' },
      { attribute: 'members.value', value: 'u1' },
    ]);
  });

  it('refuses other operators, naming them', () => {
    for (const op of ['ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']) {
      expect(invalid(`userName ${op} "a"`)).toContain(`"${op}"`);
    }
    expect(invalid('userName pr')).toContain('"pr"');
    expect(invalid('userName eq "a" or userName eq "b"')).toContain('"or"');
    expect(invalid('not (userName eq "a")')).toContain('"not"');
    expect(invalid('emails[type eq "work" and primary eq true].value eq "a"')).toMatch(/not supported/);
    expect(invalid('members[value co "u"]', GROUPS)).toMatch(/not supported/);
  });

  it('refuses attributes not allowed for the resource, naming them', () => {
    expect(invalid('title eq "CTO"')).toContain('"title"');
    expect(invalid('displayName eq "G"')).toContain('"displayName"');
    expect(invalid('members[value eq "u1"]')).toContain('members.value');
    expect(invalid('userName eq "a"', GROUPS)).toContain('"userName"');
    expect(invalid(`${SCIM_ENTERPRISE_USER}:department eq "x"`)).toContain('department');
    expect(invalid('emails[type eq "work"]')).toContain('emails.type');
    expect(invalid('emails[display eq "work"].value eq "a"')).toMatch(/not supported/);
    expect(invalid('emails[type eq "work"].value eq "a"', ['userName'])).toContain('emails.value');
  });

  it('refuses values of the wrong type and bad syntax', () => {
    expect(invalid('userName eq true')).toMatch(/string/);
    expect(invalid('externalId eq 123')).toMatch(/string/);
    expect(invalid('userName eq null')).toMatch(/string/);
    for (const text of [
      '',
      'userName eq',
      'userName "a"',
      'userName eq "a" and',
      '(userName eq "a"',
      'userName eq a',
    ]) {
      expect(invalid(text)).toMatch(/syntax|not supported|string/);
    }
  });

  it('refuses control characters and over-long filters before the parser sees them (its strings backtrack)', () => {
    const started = Date.now();
    expect(invalid(`userName eq "${'\n'.repeat(40)}`)).toMatch(/control characters/);
    expect(invalid('userName eq "a\tb"')).toMatch(/control characters/);
    expect(invalid(`(${'('.repeat(5000)}`)).toMatch(/at most 2000/);
    expect(invalid(`${'('.repeat(1500)}userName eq "a"${')'.repeat(1500)}`)).toMatch(/at most 2000/);
    expect(invalid(`${'('.repeat(900)}userName eq "a"`)).toMatch(/syntax/);
    expect(Date.now() - started).toBeLessThan(1000);
    // positive controls: escapes inside a quoted value (the parser keeps a backslash unless it escapes a quote)
    expect(parseFilter('userName eq "a\\nb"', USERS)).toEqual([{ attribute: 'userName', value: 'a\\nb' }]);
    expect(parseFilter('userName eq "a\\"b"', USERS)).toEqual([{ attribute: 'userName', value: 'a"b' }]);
    const long = 'x'.repeat(512);
    expect(parseFilter(`externalId eq "${long}"`, USERS)).toEqual([{ attribute: 'externalId', value: long }]);
  });

  it('refuses a compared string over 512 UTF-8 bytes (it could not be part of a key); 512 bytes pass', () => {
    for (const attribute of ['userName', 'externalId', 'id', 'emails.value'])
      expect(invalid(`${attribute} eq "${'x'.repeat(513)}"`)).toMatch(/at most 512 bytes/);
    // bytes, not characters: 171 euro signs are 513 bytes, 170 are 510
    expect(invalid(`externalId eq "${'€'.repeat(171)}"`)).toMatch(/at most 512 bytes/);
    expect(invalid(`members[value eq "${'y'.repeat(600)}"]`, GROUPS)).toMatch(/at most 512 bytes/);
    expect(invalid(`displayName eq "${'é'.repeat(257)}"`, GROUPS)).toMatch(/at most 512 bytes/);
    expect(invalid(`emails[type eq "${'w'.repeat(513)}"].value eq "a"`)).toMatch(/at most 512 bytes/);
    // positive controls
    const euros = '€'.repeat(170);
    expect(parseFilter(`externalId eq "${euros}"`, USERS)).toEqual([{ attribute: 'externalId', value: euros }]);
    const id = 'y'.repeat(512);
    expect(parseFilter(`members[value eq "${id}"]`, GROUPS)).toEqual([{ attribute: 'members.value', value: id }]);
  });
});
