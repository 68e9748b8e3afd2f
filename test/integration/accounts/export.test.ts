/**
 * The directory export (GET …/users/export): the columns and values, formula escaping, who gets whom, and that the
 * file reads back (with the import's own reader and row rules) as the members it was written from.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS } from '#domain/member-csv.ts';
import { call } from '../../support/http.ts';
import {
  createMember,
  expectStatus,
  type Manager,
  newAdmin,
  newMember,
  newOrg,
  PASSWORD,
  uniqueEmail,
} from '../../builders/api.ts';
import { exportedMembers, exportPages, readMemberFile } from '../../builders/member-file.ts';
import { chain, createUnit } from '../../builders/units.ts';

const HOSTILE = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1)'];
/** A leading tab or carriage return never reaches a name (names are trimmed): what follows it is guarded like the rest. */
const TRIMMED = [
  ['\t=1+2', '=1+2'],
  ['\r@cr', '@cr'],
];

let org: Manager;
let admin: { token: string; email: string };
let plain: { token: string };
let ana: { id: string; username: string; email: string };
let queueName: string;
let closed: { id: string; username: string };
let exportPath: string;

beforeAll(async () => {
  org = await newOrg('Export Co');
  exportPath = `/v1/accounts/${org.accountId}/users/export`;
  const [sales, emea] = await chain(org, org.rootId, ['Sales', 'EMEA']);
  const ops = await createUnit(org, 'Ops', org.rootId);
  const group = async (name: string) => {
    const r = await call('POST', `/v1/accounts/${org.accountId}/groups`, { token: org.token, body: { name } });
    expectStatus(r, 201, `POST groups ${name}`);
    return (r.body as { id: string }).id;
  };
  const [night, leads] = await Promise.all([group('Night; shift'), group('Leads')]);
  ana = await createMember(org, {
    username: 'ana-export',
    email: uniqueEmail('ana'),
    firstName: 'Ana',
    lastName: 'Silva, Jr.',
    unitId: emea.id,
    countryCode: 'DE',
    language: 'de',
    extension: '2001',
  });
  for (const groupId of [night, leads])
    expectStatus(
      await call('PUT', `/v1/accounts/${org.accountId}/groups/${groupId}/members/${ana.id}`, { token: org.token }),
      201,
      'PUT group member',
    );
  for (const type of ['voice', 'fax'])
    expectStatus(
      await call('POST', `/v1/accounts/${org.accountId}/users/${ana.id}/services`, {
        token: org.token,
        body: { type },
      }),
      201,
      `POST services ${type}`,
    );
  const queue = await createMember(org, { type: 'call_queue', email: undefined, unitId: ops.id, extension: '3001' });
  queueName = queue.username;
  const hostile = [...HOSTILE, ...TRIMMED.map(([sent]) => sent)];
  await Promise.all(hostile.map((firstName) => createMember(org, { firstName, unitId: sales.id })));
  closed = await createMember(org, {});
  const close = await call('DELETE', `/v1/accounts/${org.accountId}/users/${closed.id}`, {
    token: org.token,
    body: { password: PASSWORD },
  });
  expectStatus(close, 204, 'close');
  admin = await newAdmin(org, sales.id);
  plain = await newMember(org);
});

describe('exporting the directory as CSV', () => {
  it('answers a CSV file in the import columns, one row per open member', async () => {
    const r = await call('GET', exportPath, { token: org.token });
    expectStatus(r, 200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="users-${org.accountId}.csv"`);
    expect(r.headers.link).toBeUndefined();
    const text = String(r.body);
    expect(text.split('\r\n')[0]).toBe(IMPORT_COLUMNS.join(','));
    const rows = (await readMemberFile(text)).map((row) => row.record);
    const byName = new Map(rows.map((row) => [row.username, row]));
    expect(byName.get('ana-export')).toEqual({
      username: 'ana-export',
      email: ana.email,
      firstName: 'Ana',
      lastName: 'Silva, Jr.',
      type: 'person',
      role: 'user',
      unit: '/Sales/EMEA',
      countryCode: 'DE',
      language: 'de',
      groups: 'Leads;Night\\; shift',
      services: 'fax;voice',
      extension: '2001',
      sendInvitation: '',
    });
    expect(byName.get(queueName)).toMatchObject({ email: '', type: 'call_queue', unit: '/Ops', extension: '3001' });
    expect(byName.has(closed.username)).toBe(false);
    // the owner, the admin, the plain member, ana, the queue, the six hostile names
    expect(rows).toHaveLength(11);
  });

  it('guards cells a spreadsheet would run as a formula, and reads them back unchanged', async () => {
    const text = String((await call('GET', exportPath, { token: org.token })).body);
    for (const name of HOSTILE) {
      const cell = name.includes('"') ? `"'${name.replaceAll('"', '""')}"` : `'${name}`;
      expect(text, name).toContain(`,${cell},`);
    }
    // no line has a cell that starts a formula
    for (const line of text.split('\r\n')) expect(line).not.toMatch(/(^|,)"?[=+\-@\t\r]/);
    const firstNames = (await exportedMembers(org)).map((m) => m.firstName);
    expect(firstNames).toEqual(expect.arrayContaining(HOSTILE));
    expect(firstNames).toEqual(expect.arrayContaining(TRIMMED.map(([, stored]) => stored)));
    for (const [, stored] of TRIMMED) expect(text).toContain(`,'${stored},`);
  });

  it('gives an admin their scope only, and refuses a member who is neither admin nor account manager', async () => {
    const scoped = (await exportedMembers({ accountId: org.accountId, token: admin.token })).map((m) => m.username);
    expect(scoped).toContain('ana-export');
    expect(scoped).not.toContain(queueName);
    expect(scoped).toHaveLength(8); // ana, the six hostile names in Sales, the admin in Sales
    // positive control: the account manager's export holds the queue the admin's leaves out
    expect((await exportedMembers(org)).map((m) => m.username)).toContain(queueName);

    const refused = await call('GET', exportPath, { token: plain.token });
    expectStatus(refused, 403);
    expect(refused.headers['content-type']).toBe('application/problem+json');
  });

  it('reads back with the import reader as the members it was written from', async () => {
    const [page] = await exportPages(org);
    const members = await exportedMembers(org);
    expect(members).toHaveLength((await readMemberFile(page)).length);
    expect(members.find((m) => m.username === 'ana-export')).toEqual({
      type: 'person',
      username: 'ana-export',
      email: ana.email,
      firstName: 'Ana',
      lastName: 'Silva, Jr.',
      role: 'user',
      unitPath: ['Sales', 'EMEA'],
      countryCode: 'DE',
      language: 'de',
      groups: ['Leads', 'Night; shift'],
      services: ['fax', 'voice'],
      extension: '2001',
      sendInvitation: true,
    });
    expect(members.find((m) => m.username === queueName)).toMatchObject({
      type: 'call_queue',
      email: null,
      unitPath: ['Ops'],
      extension: '3001',
      sendInvitation: false,
    });
  });
});
