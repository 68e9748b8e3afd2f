/**
 * Export, then import of the same file into a new account: the directory comes back as it was (units, types, roles,
 * groups, services, first extensions, country codes, languages), hostile cells included (formula characters, quotes,
 * commas, a `;` in a group name), and the same file imported again into the new account skips every row.
 * The source directory is made through the ordinary API (not by an import), so the export is judged on its own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createMember, expectStatus, newOrg, type Manager } from '../../builders/api.ts';
import { copyUnitTree, exportedMembers, exportPages } from '../../builders/member-file.ts';
import { createUnit } from '../../builders/units.ts';
import { call } from '../../support/http.ts';
import type { ImportMember } from '#domain/member-import-rows.ts';
import type { ServiceType } from '#domain/service.ts';

type ImportBody = { id: string; status: string; total: number; created: number; skipped: number; failed: number };
type Row = { line: number; status: string; userId?: string; errors?: { column: string; code: string }[] };

let old: Manager;
let fresh: Manager;
/** The old account's members as its export should read back (what the API made). */
let made: ImportMember[];
const HOSTILE = { firstName: '=HYPERLINK("http://evil.example","x")', lastName: "-2+3, O'Brien" };
const GROUPS = ['Sales Team', '@Night', 'R;D', 'C:\\Temp'];
const usernameOf = (m: { email: string }) => m.email.split('@')[0].toLowerCase();

async function post(m: Manager, path: string, body: unknown, status = 201): Promise<{ id: string }> {
  const r = await call('POST', `/v1/accounts/${m.accountId}${path}`, { token: m.token, body });
  expectStatus(r, status, `POST ${path}`);
  return r.body as { id: string };
}

async function upload(m: Manager, file: string, query: string, status = 202): Promise<ImportBody> {
  const r = await call('POST', `/v1/accounts/${m.accountId}/imports${query}`, {
    token: m.token,
    rawBody: file,
    headers: { 'content-type': 'text/csv' },
  });
  expectStatus(r, status, 'upload');
  return r.body as ImportBody;
}

async function settled(m: Manager, id: string, timeoutMs = 20_000): Promise<ImportBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const imp = (await call('GET', `/v1/accounts/${m.accountId}/imports/${id}`, { token: m.token })).body as ImportBody;
    if (['completed', 'failed', 'cancelled'].includes(imp.status)) return imp;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${imp.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function rowsOf(m: Manager, id: string): Promise<Row[]> {
  const r = await call('GET', `/v1/accounts/${m.accountId}/imports/${id}/rows?limit=100`, { token: m.token });
  expectStatus(r, 200, 'rows');
  return (r.body as { items: Row[] }).items;
}

beforeAll(async () => {
  old = await newOrg('Round Trip Old');
  const sales = await createUnit(old, 'Sales', old.rootId);
  const emea = await createUnit(old, 'EMEA', sales.id);
  const berlin = await createUnit(old, 'Berlin', emea.id);
  const support = await createUnit(old, 'Support', old.rootId);
  const lab = await createUnit(old, '-R/D', support.id);
  const groups = await Promise.all(GROUPS.map((name) => post(old, '/groups', { name })));

  const paths = new Map<string, string[]>([
    [old.rootId, []],
    [sales.id, ['Sales']],
    [emea.id, ['Sales', 'EMEA']],
    [berlin.id, ['Sales', 'EMEA', 'Berlin']],
    [support.id, ['Support']],
    [lab.id, ['Support', '-R/D']],
  ]);
  const personDefaults = { countryCode: null, language: null, groups: [], services: [], extension: null };
  made = [
    {
      ...personDefaults,
      type: 'person',
      username: usernameOf(old),
      email: old.email,
      firstName: 'Olive',
      lastName: 'Owner',
      role: 'account_manager',
      unitPath: [],
      sendInvitation: true,
    },
  ];

  let ext = 200;
  /** A member made through the API (`over`, then services, groups by index in GROUPS, a phone); `made` says what. */
  const member = async (
    over: Record<string, unknown>,
    extras: { services?: ServiceType[]; groups?: number[]; phone?: boolean } = {},
  ) => {
    const extension = extras.phone ? String(ext++) : null;
    const m = await createMember(old, { ...over, ...(extension ? { extension } : {}) });
    for (const type of extras.services ?? []) await post(old, `/users/${m.id}/services`, { type });
    for (const g of extras.groups ?? []) {
      const r = await call('PUT', `/v1/accounts/${old.accountId}/groups/${groups[g].id}/members/${m.id}`, {
        token: old.token,
      });
      expect([200, 201, 204], JSON.stringify(r.body)).toContain(r.status);
    }
    const type = (over.type as ImportMember['type'] | undefined) ?? 'person';
    made.push({
      type,
      username: m.username,
      email: (over.email === undefined && 'email' in over ? null : m.email) ?? null,
      firstName: (over.firstName as string | undefined) ?? 'Max',
      lastName: (over.lastName as string | undefined) ?? 'Member',
      role: (over.role as ImportMember['role'] | undefined) ?? 'user',
      unitPath: paths.get((over.unitId as string | undefined) ?? old.rootId) ?? ['?'],
      countryCode: (over.countryCode as string | undefined) ?? null,
      language: (over.language as string | undefined) ?? null,
      groups: (extras.groups ?? []).map((g) => GROUPS[g]).sort((a, b) => a.localeCompare(b)),
      services: extras.services ?? [],
      extension,
      sendInvitation: type === 'person',
    });
  };
  // persons in every unit, with some services, groups, phones, country codes and languages
  const units = [...paths.keys()];
  for (let i = 0; i < 15; i++)
    await member(
      { unitId: units[i % units.length], ...(i % 3 === 0 ? { countryCode: 'DE', language: 'de-DE' } : {}) },
      {
        services: ([['fax'], ['sms', 'voice'], [], ['fax', 'sms', 'voice']] as ServiceType[][])[i % 4],
        groups: [[0], [], [0, 1], [2]][i % 4],
        phone: i % 2 === 0,
      },
    );
  await member({ ...HOSTILE, unitId: emea.id }, { groups: [1, 2], services: ['voice'], phone: true });
  await member({ lastName: "'@already-guarded", unitId: lab.id }, { groups: [3] });
  await member({ role: 'admin', unitId: sales.id, adminUnitIds: [sales.id] }, { phone: true });
  await member({ role: 'account_manager', unitId: old.rootId });
  // every other type
  await member({ type: 'system', username: 'apibot', email: undefined, unitId: support.id }, { services: ['sms'] });
  await member({
    type: 'system',
    username: 'opsbot',
    email: undefined,
    role: 'admin',
    unitId: support.id,
    adminUnitIds: [support.id],
  });
  await member(
    { type: 'conference_bridge', username: 'bridge-1', email: undefined, unitId: berlin.id },
    { phone: true },
  );
  await member({ type: 'conference_bridge', username: 'bridge-2', unitId: sales.id, email: 'bridge@example.com' });
  await member(
    { type: 'call_queue', username: 'queue-1', email: undefined, unitId: emea.id },
    { phone: true, groups: [0] },
  );
  await member({ type: 'auto_attendant', username: 'attendant', email: undefined }, { phone: true });
  // a contact address is no sign-in: other members may share it, a person's included (created after them)
  await member({ type: 'call_queue', username: 'queue-2', unitId: sales.id, email: 'bridge@example.com' });
  await member({ unitId: sales.id, email: 'bridge@example.com' });

  fresh = await newOrg('Round Trip New');
  await copyUnitTree(old, fresh);
}, 120_000);

describe('export then import into a new account', () => {
  it('reproduces the directory; the same file again skips every row and changes nothing', async () => {
    const [file, ...more] = await exportPages(old);
    expect(more).toEqual([]);
    // the hostile cells are guarded in the file (a spreadsheet shows them as text), and come back as they were
    expect(file).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(file).toContain(`"'-2+3, O'Brien"`);
    expect(file).toContain(`''@already-guarded`);
    expect(file).toContain(String.raw`/Support/-R\/D,`);
    expect(file).toContain(String.raw`C:\\Temp`);
    expect(file).not.toMatch(/(^|,)"?[=+\-@]/m);

    const before = await exportedMembers(old);
    // the export says what the API made (so a field the export lost would not pass unseen as "equal on both sides")
    expect(before).toEqual([...made].sort((x, y) => x.username.localeCompare(y.username)));
    expect(before.map((m) => m.type).sort()).toEqual(
      [
        ...Array(21).fill('person'),
        'auto_attendant',
        'call_queue',
        'call_queue',
        'conference_bridge',
        'conference_bridge',
        'system',
        'system',
      ].sort(),
    );
    expect(before.find((m) => m.firstName === HOSTILE.firstName)).toMatchObject({
      lastName: HOSTILE.lastName,
      groups: ['@Night', 'R;D'],
      unitPath: ['Sales', 'EMEA'],
    });

    const first = await upload(fresh, file, '?createGroups=true');
    expect(await settled(fresh, first.id)).toMatchObject({
      status: 'completed',
      total: before.length,
      created: before.length,
      skipped: 0,
      failed: 0,
    });
    // the new account's directory, read back through its own export, is the old one's (its own owner apart)
    expect(await exportedMembers(fresh, [usernameOf(fresh)])).toEqual(before);
    const listed = await call('GET', `/v1/accounts/${fresh.accountId}/users?limit=100`, { token: fresh.token });
    const hostile = (listed.body as { items: { firstName: string; lastName: string }[] }).items.find(
      (u) => u.lastName === HOSTILE.lastName,
    );
    expect(hostile).toMatchObject(HOSTILE);
    const groups = await call('GET', `/v1/accounts/${fresh.accountId}/groups?limit=100`, { token: fresh.token });
    expect((groups.body as { items: { name: string }[] }).items.map((g) => g.name).sort()).toEqual([...GROUPS].sort());

    // the same upload again is the same import; imported again (without createGroups), every row is skipped
    const same = await upload(fresh, file, '?createGroups=true', 200);
    expect(same.id).toBe(first.id);
    const pagesBefore = await exportPages(fresh);
    const second = await upload(fresh, file, '');
    expect(await settled(fresh, second.id)).toMatchObject({
      status: 'completed',
      total: before.length,
      created: 0,
      skipped: before.length,
      failed: 0,
    });
    const rows = await rowsOf(fresh, second.id);
    expect(rows).toHaveLength(before.length);
    for (const row of rows) {
      expect(row.status).toBe('skipped');
      expect(row.userId).toBeUndefined();
      expect(row.errors?.[0]).toMatchObject({ column: 'username', code: 'username_exists' });
    }
    expect(await exportPages(fresh)).toEqual(pagesBefore);
  }, 60_000);
});
