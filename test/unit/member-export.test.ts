import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { readMemberCsv } from '#adapters/csv/member-csv-reader.ts';
import { memberCsvWriter } from '#adapters/csv/member-csv-writer.ts';
import { entityModules } from '#adapters/dynamodb/data-model-doc.ts';
import type { Device } from '#domain/device.ts';
import { ForbiddenError, ValidationError } from '#domain/errors.ts';
import type { Group } from '#domain/group.ts';
import {
  escapeFormula,
  IMPORT_COLUMNS,
  type ImportColumn,
  type ImportCsvRecord,
  MAX_IMPORT_ROWS,
} from '#domain/member-csv.ts';
import { EXPORT_PAGE_BYTES, EXPORT_PAGE_ITEMS } from '#domain/member-export.ts';
import { validateImportRow } from '#domain/member-import-rows.ts';
import type { Service, ServiceType } from '#domain/service.ts';
import type { User } from '#domain/user.ts';
import { openApiDocument } from '#http/openapi.ts';
import { routes } from '#http/routes.ts';
import { exportUsers } from '#use-cases/export-users.ts';
import { createUser } from '#use-cases/users.ts';
import { createRouteMatcher } from '../../local/route-matcher.ts';
import { orgWorld } from '../builders/memory.ts';
import { MemoryGroups } from '../fakes/memory-groups.ts';
import { MemoryMemberDirectory } from '../fakes/memory-member-directory.ts';
import { MemoryServices } from '../fakes/memory-services.ts';
import { MemoryTelephony } from '../fakes/memory-telephony.ts';

const at = '2026-11-22T08:00:00.000Z';

/** An account with units Sales/EMEA and Ops, groups, and members of several types holding services and phones. */
async function directoryWorld() {
  const w = await orgWorld();
  const groups = new MemoryGroups(w.dir);
  const services = new MemoryServices(w.dir);
  const telephony = new MemoryTelephony({ users: w.dir.users, events: w.dir.events, services });
  const directory = new MemoryMemberDirectory({ users: w.dir.users, services, telephony, groups });
  const deps = { units: w.memory.store, groups: groups.store, directory: directory.store, csv: memberCsvWriter };
  const [sales, emea] = await w.chain(w.rootId, ['Sales', 'EMEA']);
  const [ops] = await w.chain(w.rootId, ['Ops']);
  const create = (input: Record<string, unknown>) =>
    createUser({ ...w.deps, units: w.memory.store }, w.manager(), {
      firstName: 'F',
      lastName: 'L',
      ...input,
    } as Parameters<typeof createUser>[2]);
  const group = async (name: string): Promise<Group> => {
    const g: Group = {
      ...{ id: `g-${name}`, accountId: w.account.id, name, description: null },
      ...{ memberCount: 0, sharedItemCount: 0, createdAt: at, updatedAt: at, version: 1 },
    };
    await groups.store.create(g, w.dir.events[0]);
    return g;
  };
  const join = (g: Group, u: User) =>
    groups.store.addMember(
      { accountId: w.account.id, groupId: g.id, userId: u.id, username: u.username, addedAt: at },
      w.dir.events[0],
    );
  const service = (u: User, type: ServiceType, status: 'active' | 'closed' = 'active') =>
    services.services.set(`${w.account.id}/${u.id}/${type}`, {
      ...{ accountId: w.account.id, userId: u.id, type, status, settings: {} },
      ...{ pinHash: null, pinSetAt: null, pinLinkHash: null, createdAt: at, updatedAt: at, closedAt: null, version: 1 },
    } satisfies Service);
  const phone = (u: User, id: string, extension: string, createdAt: string) =>
    telephony.devices.set(`${w.account.id}/${u.id}/${id}`, {
      ...{ id, accountId: w.account.id, userId: u.id, extension, model: null, macAddress: null },
      ...{ createdAt, updatedAt: createdAt, version: 1 },
    } satisfies Device);
  return { ...w, deps, directory, sales, emea, ops, create, group, join, service, phone };
}

/** The rows of an export page as the reader reads them back. */
async function rowsOf(csv: string): Promise<ImportCsvRecord['record'][]> {
  const rows: ImportCsvRecord['record'][] = [];
  const bytes = async function* () {
    yield new TextEncoder().encode(csv);
  };
  try {
    for await (const row of readMemberCsv(bytes())) rows.push(row.record);
  } catch (error) {
    if ((error as { code?: string }).code === 'no_data_rows') return [];
    throw error;
  }
  return rows;
}

describe('exporting the directory', () => {
  it('writes every open member in the import columns: unit paths by name, groups, open services, the first phone', async () => {
    const w = await directoryWorld();
    const ana = await w.create({ username: 'ana', email: 'ana@acme.test', unitId: w.emea.id, countryCode: 'DE' });
    await w.create({ username: 'queue', type: 'call_queue', unitId: w.ops.id, language: 'en-US' });
    const gone = await w.create({ username: 'gone', email: 'gone@acme.test' });
    w.dir.users.set(`${w.account.id}/${gone.id}`, { ...gone, status: 'closed' });
    const [night, sales] = [await w.group('Night; shift'), await w.group('Sales')];
    await w.join(sales, ana);
    await w.join(night, ana);
    w.service(ana, 'voice');
    w.service(ana, 'fax');
    w.service(ana, 'sms', 'closed');
    w.phone(ana, 'd2', '2002', '2026-11-22T09:00:00.000Z');
    w.phone(ana, 'd1', '2001', '2026-11-22T08:30:00.000Z');

    const page = await exportUsers(w.deps, w.manager(), {});

    expect(page.nextCursor).toBeNull();
    expect(page.csv.startsWith(`${memberCsvWriter.header()}`)).toBe(true);
    const rows = await rowsOf(page.csv);
    expect(rows.map((r) => r.username)).toEqual(expect.arrayContaining(['boss', 'ana', 'queue']));
    expect(rows.map((r) => r.username)).not.toContain('gone');
    expect(rows.find((r) => r.username === 'ana')).toEqual({
      username: 'ana',
      email: 'ana@acme.test',
      firstName: 'F',
      lastName: 'L',
      type: 'person',
      role: 'user',
      unit: '/Sales/EMEA',
      countryCode: 'DE',
      language: '',
      groups: 'Night\\; shift;Sales',
      services: 'fax;voice',
      extension: '2001',
      sendInvitation: '',
    });
    expect(rows.find((r) => r.username === 'queue')).toMatchObject({
      email: '',
      type: 'call_queue',
      unit: '/Ops',
      language: 'en-US',
      groups: '',
      services: '',
      extension: '',
    });
    expect(rows.find((r) => r.username === 'boss')).toMatchObject({ role: 'account_manager', unit: '/' });
    expect(page.rows).toBe(rows.length);
  });

  it('reads back, row by row, as the members it was written from', async () => {
    const w = await directoryWorld();
    const ana = await w.create({ username: 'ana', email: 'ana@acme.test', unitId: w.emea.id, lastName: '=SUM(A1)' });
    await w.join(await w.group('-leads'), ana);
    w.service(ana, 'sms');
    w.phone(ana, 'd1', '31', at);
    const rows = await rowsOf((await exportUsers(w.deps, w.manager(), {})).csv);
    const read = validateImportRow(rows.find((r) => r.username === 'ana')!);
    expect(read.problems).toEqual([]);
    expect(read.input).toEqual({
      type: 'person',
      username: 'ana',
      email: 'ana@acme.test',
      firstName: 'F',
      lastName: '=SUM(A1)',
      role: 'user',
      unitPath: ['Sales', 'EMEA'],
      countryCode: null,
      language: null,
      groups: ['-leads'],
      services: ['sms'],
      extension: '31',
      sendInvitation: true,
    });
  });

  it('gives an admin the members of their scope only (the members elsewhere are left out); a plain member gets 403', async () => {
    const w = await directoryWorld();
    await w.create({ username: 'inemea', email: 'inemea@acme.test', unitId: w.emea.id });
    await w.create({ username: 'inops', email: 'inops@acme.test', unitId: w.ops.id });
    const admin = await w.adminIn('lead@acme.test', w.sales.id);
    const plain = await w.member('plain@acme.test');

    const scoped = (await rowsOf((await exportUsers(w.deps, admin.caller(), {})).csv)).map((r) => r.username);
    expect(scoped.sort()).toEqual(['inemea', 'lead']);
    // the positive control: the account manager's export holds the members the admin's leaves out
    const all = (await rowsOf((await exportUsers(w.deps, w.manager(), {})).csv)).map((r) => r.username);
    expect(all).toEqual(expect.arrayContaining(['inops', 'boss', 'plain']));

    await expect(exportUsers(w.deps, plain.caller(), {})).rejects.toThrow(ForbiddenError);
  });

  /** `count` members straight in the store (`over` their fields), ids in order after the account's own. */
  function addMembers(w: Awaited<ReturnType<typeof directoryWorld>>, count: number, over: Partial<User> = {}) {
    const template = [...w.dir.users.values()][0];
    for (let i = 0; i < count; i++) {
      const id = `u${String(i).padStart(6, '0')}`;
      const user: User = { ...template, id, username: id, email: `${id}@acme.test`, role: 'user', ...over };
      w.dir.users.set(`${w.account.id}/${id}`, user);
    }
  }

  it('ends a page at a member past 5 MB and goes on from there with the cursor; a foreign cursor is 400', async () => {
    const w = await directoryWorld();
    // rows of about 1.2 KB: a unit 8 levels deep with long names, long first and last names
    const deep = await w.chain(
      w.rootId,
      Array.from({ length: 8 }, (_, i) => `${i}`.padEnd(100, 'u')),
    );
    addMembers(w, 6_000, { unitId: deep.at(-1)!.id, firstName: 'f'.repeat(100), lastName: 'l'.repeat(100) });

    const first = await exportUsers(w.deps, w.manager(), {});
    expect(first.nextCursor).not.toBeNull();
    expect(first.rows).toBeLessThan(5_000);
    // measured as the Lambda answer carries it (JSON-escaped): past the limit by less than one row
    const answer = Buffer.byteLength(JSON.stringify(first.csv)) - 2;
    expect(answer).toBeGreaterThanOrEqual(EXPORT_PAGE_BYTES);
    expect(answer).toBeLessThan(EXPORT_PAGE_BYTES + 2_000);
    // the listing stopped where the page did
    expect(w.directory.yielded).toBe(first.rows);
    const second = await exportUsers(w.deps, w.manager(), { cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    expect(second.csv.startsWith(memberCsvWriter.header())).toBe(true);
    const names = [...(await rowsOf(first.csv)), ...(await rowsOf(second.csv))].map((r) => r.username);
    expect(names).toHaveLength(6_001);
    expect(new Set(names).size).toBe(6_001);

    const other = await w.secondAccount('Other', 'other@else.test');
    await expect(exportUsers(w.deps, other.manager(), { cursor: first.nextCursor! })).rejects.toThrow(ValidationError);
  });

  it("ends a page after 5,000 items read, even short or empty: a narrow admin's request never reads the whole account", async () => {
    const w = await directoryWorld();
    await w.create({ username: 'inemea', email: 'inemea@acme.test', unitId: w.emea.id });
    const admin = await w.adminIn('lead@acme.test', w.sales.id);
    addMembers(w, 12_000, { unitId: w.ops.id });
    const pages: { rows: number; yielded: number }[] = [];
    const names: string[] = [];
    let cursor: string | undefined;
    do {
      const before = w.directory.yielded;
      const page = await exportUsers(w.deps, admin.caller(), { cursor });
      pages.push({ rows: page.rows, yielded: w.directory.yielded - before });
      names.push(...(await rowsOf(page.csv)).map((r) => r.username ?? ''));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // every request read at most 5,000 items (a member is one item, each service, phone and membership one more)
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.every((p) => p.yielded <= EXPORT_PAGE_ITEMS)).toBe(true);
    expect(pages.some((p) => p.rows === 0)).toBe(true);
    // followed to the end, the pages hold exactly the admin's scope
    expect(names.sort()).toEqual(['inemea', 'lead']);
    // positive control: the account manager's pages hold everyone, none missing nor twice
    const all: string[] = [];
    cursor = undefined;
    do {
      const page = await exportUsers(w.deps, w.manager(), { cursor });
      all.push(...(await rowsOf(page.csv)).map((r) => r.username ?? ''));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(w.dir.users.size);
  });

  it('ends a page at 5,000 items read, under 10,000 rows: every page is a file the import takes whole', async () => {
    const w = await directoryWorld();
    addMembers(w, 12_000);
    const first = await exportUsers(w.deps, w.manager(), {});
    expect(first.rows).toBe(EXPORT_PAGE_ITEMS);
    expect(first.rows).toBeLessThan(MAX_IMPORT_ROWS);
    expect(await rowsOf(first.csv)).toHaveLength(EXPORT_PAGE_ITEMS);
    const second = await exportUsers(w.deps, w.manager(), { cursor: first.nextCursor! });
    expect(second.rows).toBe(EXPORT_PAGE_ITEMS);
    const third = await exportUsers(w.deps, w.manager(), { cursor: second.nextCursor! });
    expect([third.rows, third.nextCursor]).toEqual([2_001, null]);
  });
});

describe('the member file writer', () => {
  it('quotes what CSV needs quoted and guards every formula-like cell', () => {
    const record = {
      username: 'ana',
      email: '-ana@acme.test',
      firstName: '=HYPERLINK("http://evil","x")',
      lastName: '+1',
      type: '@SUM(1)',
      role: '\tx',
      unit: '\rx',
      countryCode: '',
      language: 'a,b',
      groups: 'line\nbreak',
      services: "'=already",
      extension: '',
      sendInvitation: '',
    };
    expect(memberCsvWriter.row(record)).toBe(
      'ana,\'-ana@acme.test,"\'=HYPERLINK(""http://evil"",""x"")",\'+1,\'@SUM(1),\'\tx,"\'\rx",,"a,b","line\nbreak",\'\'=already,,\r\n',
    );
  });
});

describe('the member file writer against csv-stringify', () => {
  // what the writer wrote with csv-stringify: the same bytes are its contract
  const withCsvStringify = (cells: string[]) =>
    stringify([cells.map(escapeFormula)], { record_delimiter: 'windows', quoted_match: [/[\r\n]/] });

  it('writes every row byte for byte as csv-stringify did, over cells built from the characters that matter', () => {
    // quotes, delimiters, every line break, formula starts (ASCII and full-width), quote marks, spaces, non-ASCII
    const alphabet = [
      'a',
      'Z',
      '1',
      ' ',
      '"',
      ',',
      ';',
      '\r',
      '\n',
      '\t',
      '=',
      '+',
      '-',
      '@',
      "'",
      '\uFF1D',
      'é',
      '😀',
      '/',
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const randomCell = () => Array.from({ length: next() % 7 }, () => alphabet[next() % alphabet.length]).join('');
    let quoted = 0;
    for (let n = 0; n < 3000; n++) {
      const record = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, randomCell()])) as Record<ImportColumn, string>;
      const cells = IMPORT_COLUMNS.map((c) => record[c]);
      const written = memberCsvWriter.row(record);
      expect(written).toBe(withCsvStringify(cells));
      if (written.includes('"')) quoted++;
    }
    // the sample does reach the quoting rules (not only plain cells)
    expect(quoted).toBeGreaterThan(1000);
    expect(memberCsvWriter.header()).toBe(withCsvStringify([...IMPORT_COLUMNS]));
  });
});

describe('the routes and the keys the export relies on', () => {
  it('routes GET …/users/export to the export, not to GET …/users/{userId} (the local gateway ranks as API Gateway does)', () => {
    const match = createRouteMatcher(routes);
    const found = (path: string) => {
      const m = match('GET', path);
      return m.kind === 'found' ? m.route.operationId : m.kind;
    };
    expect(found('/v1/accounts/a1/users/export')).toBe('exportUsers');
    expect(found('/v1/accounts/a1/users/u1')).toBe('getUser');
    expect(match('POST', '/v1/accounts/a1/users/export').kind).toBe('wrong-method');
  });

  it('describes the export in OpenAPI as a text/csv answer with its Link and Content-Disposition headers', () => {
    const paths = openApiDocument().paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    const ok = paths['/v1/accounts/{accountId}/users/export'].get.responses['200'];
    expect(ok).toMatchObject({
      content: { 'text/csv': { schema: { type: 'string' } } },
      headers: { Link: expect.any(Object), 'Content-Disposition': expect.any(Object) },
    });
    expect(paths['/v1/accounts/{accountId}/users/export'].get.responses['403']).toBeDefined();
  });

  it("keeps a member's items right after the member: every key under USER# is a member or in a member's collection", () => {
    const keys = entityModules.flatMap((m) => m.entities.map((e) => ({ name: e.name, ...e.key() })));
    const underUser = keys.filter((k) => k.PK === 'ACCOUNT#<accountId>' && k.SK.startsWith('USER#'));
    expect(underUser.length).toBeGreaterThan(5);
    for (const k of underUser) expect(k.SK, k.name).toMatch(/^USER#<userId>(#.*)?$/);
    // ULIDs: fixed length, no character sorting before '#', so no member's key falls inside another's collection
    expect('01J0000000000000000000000Z'.split('').every((c) => c > '#')).toBe(true);
  });
});
