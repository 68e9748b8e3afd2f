/** Groups over HTTP: the contract (create, read, rename, delete, members), exact counts under 40 parallel changes. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import {
  PASSWORD,
  createMember,
  expectStatus,
  newMember,
  newOrg,
  type Manager,
  type Target,
} from '../../builders/api.ts';
import { collect } from '../../builders/matrix.ts';

type GroupBody = { id: string; name: string; description: string | null; memberCount: number; version: number };

let acme: Manager;
let other: Manager;
let plain: Awaited<ReturnType<typeof newMember>>;
let members: Target[];

const groups = (m = acme) => `/v1/accounts/${m.accountId}/groups`;
const newGroup = async (name: string, m = acme): Promise<GroupBody> => {
  const r = await call('POST', groups(m), { token: m.token, body: { name } });
  expectStatus(r, 201, `POST groups ${name}`);
  return r.body as GroupBody;
};
const readGroup = async (id: string): Promise<GroupBody> => {
  const r = await call('GET', `${groups()}/${id}`, { token: acme.token });
  expectStatus(r, 200);
  return r.body as GroupBody;
};
const member = (groupId: string, userId: string) => `${groups()}/${groupId}/members/${userId}`;

beforeAll(async () => {
  [acme, other] = await Promise.all([newOrg('Groups Co'), newOrg('Other Groups Co')]);
  [plain, ...members] = await Promise.all([newMember(acme), ...Array.from({ length: 20 }, () => createMember(acme))]);
});

describe('a group', () => {
  it('is created (201, Location, ETag), unique by name case-insensitively, renamed with If-Match, listed by name', async () => {
    const r = await call('POST', groups(), {
      token: acme.token,
      body: { name: ' Night Shift ', description: 'After hours' },
      headers: { 'idempotency-key': 'night-shift-1' },
    });
    expectStatus(r, 201);
    const g = r.body as GroupBody;
    expect(g).toMatchObject({ name: 'Night Shift', memberCount: 0, sharedItemCount: 0, version: 1 });
    expect(r.headers.location).toBe(`${groups()}/${g.id}`);
    expect(r.headers.etag).toBe('"1"');
    // a retry with the same key replays the first answer and creates nothing
    const replay = await call('POST', groups(), {
      token: acme.token,
      body: { name: ' Night Shift ', description: 'After hours' },
      headers: { 'idempotency-key': 'night-shift-1' },
    });
    expect(replay.body).toMatchObject({ id: g.id });

    const taken = await call('POST', groups(), { token: acme.token, body: { name: 'NIGHT shift' } });
    expectStatus(taken, 409);
    expect(taken.body).toMatchObject({ code: 'group_name_taken' });
    expect(taken.headers['content-type']).toMatch(/problem\+json/);
    expectStatus(await call('POST', groups(), { token: acme.token, body: { name: 'x', id: 'mine' } }), 400);

    const stale = await call('PATCH', `${groups()}/${g.id}`, {
      token: acme.token,
      body: { name: 'Late Shift' },
      headers: { 'if-match': '"9"' },
    });
    expectStatus(stale, 412);
    const renamed = await call('PATCH', `${groups()}/${g.id}`, {
      token: acme.token,
      body: { name: 'Late Shift', description: null },
      headers: { 'if-match': '"1"' },
    });
    expectStatus(renamed, 200);
    expect(renamed.body).toMatchObject({ name: 'Late Shift', description: null, version: 2 });
    expect(renamed.headers.etag).toBe('"2"');
    // the old name is free again
    const again = await newGroup('night shift');
    const names = (await collect<GroupBody>(groups(), acme.token)).map((x) => x.name);
    expect(names.indexOf('Late Shift')).toBeLessThan(names.indexOf('night shift'));
    expectStatus(await call('DELETE', `${groups()}/${again.id}`, { token: acme.token }), 204);
  });

  it('is another account’s 404, with its own manager as positive control', async () => {
    const theirs = await newGroup('Theirs', other);
    expectStatus(await call('GET', `${groups()}/${theirs.id}`, { token: acme.token }), 404);
    expectStatus(await call('PUT', member(theirs.id, members[0].id), { token: acme.token }), 404);
    expectStatus(await call('GET', `${groups(other)}/${theirs.id}`, { token: other.token }), 200);
  });
});

describe('members', () => {
  it('keeps memberCount exact under 20 adds (each sent twice) and 20 removes (each sent twice) in parallel', async () => {
    const g = await newGroup('Busy');
    const [first, second] = [members.slice(0, 10), members.slice(10)];
    const added = await Promise.all(first.map((m) => call('PUT', member(g.id, m.id), { token: acme.token })));
    expect(added.map((r) => r.status)).toEqual(first.map(() => 201));
    expect(added[0].headers.location).toBe(member(g.id, first[0].id));
    // the authorization read, the member (an account manager reads no scope), one transaction with the count
    expect(added[0].ddbCommands).toEqual(['BatchGetItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);

    const adds = second.flatMap((m) => [0, 1].map(() => call('PUT', member(g.id, m.id), { token: acme.token })));
    const removes = first.flatMap((m) => [0, 1].map(() => call('DELETE', member(g.id, m.id), { token: acme.token })));
    const [addResults, removeResults] = await Promise.all([Promise.all(adds), Promise.all(removes)]);
    for (let i = 0; i < second.length; i++)
      expect(
        [addResults[2 * i].status, addResults[2 * i + 1].status].sort(),
        JSON.stringify(addResults[2 * i].body),
      ).toEqual([200, 201]);
    for (let i = 0; i < first.length; i++)
      expect([removeResults[2 * i].status, removeResults[2 * i + 1].status].sort()).toEqual([204, 404]);

    const listed = await collect<{ userId: string }>(`${groups()}/${g.id}/members`, acme.token);
    expect(listed.map((m) => m.userId).sort()).toEqual(second.map((m) => m.id).sort());
    expect((await readGroup(g.id)).memberCount).toBe(listed.length);

    const events = await collect<{ type: string; details: { groupId: string } }>(
      `/v1/accounts/${acme.accountId}/events?type=group.member_added`,
      acme.token,
    );
    expect(events.filter((e) => e.details.groupId === g.id)).toHaveLength(20);
    // not empty: 409, nothing deleted
    const refused = await call('DELETE', `${groups()}/${g.id}`, { token: acme.token });
    expectStatus(refused, 409);
    expect(refused.body).toMatchObject({ code: 'group_not_empty' });
    expect((await readGroup(g.id)).memberCount).toBe(10);
  });

  it('a member reads their own groups; closed members join nothing (409 member_closed)', async () => {
    const g = await newGroup('Readers');
    expectStatus(await call('PUT', member(g.id, plain.id), { token: acme.token }), 201);
    const mine = await call('GET', `/v1/accounts/${acme.accountId}/users/${plain.id}/groups`, { token: plain.token });
    expectStatus(mine, 200);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: g.id, name: 'Readers', memberCount: 1 })]);
    // the account's list is for managers and admins
    expectStatus(await call('GET', groups(), { token: plain.token }), 403);

    const leaving = await createMember(acme);
    const closed = await call('DELETE', `/v1/accounts/${acme.accountId}/users/${leaving.id}`, {
      token: acme.token,
      body: { password: PASSWORD },
    });
    expectStatus(closed, 204);
    const refused = await call('PUT', member(g.id, leaving.id), { token: acme.token });
    expectStatus(refused, 409);
    expect(refused.body).toMatchObject({ code: 'member_closed' });
    expect((await readGroup(g.id)).memberCount).toBe(1);

    expectStatus(await call('DELETE', member(g.id, plain.id), { token: acme.token }), 204);
    expectStatus(
      await call('DELETE', `${groups()}/${g.id}`, { token: acme.token, headers: { 'if-match': '"1"' } }),
      204,
    );
    expectStatus(await call('GET', `${groups()}/${g.id}`, { token: acme.token }), 404);
  });
});
