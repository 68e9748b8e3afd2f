/**
 * Numbers shared with groups over HTTP against the local stack: the idempotent PUT (201, then 200 counting nothing),
 * the number's `groupIds`, the group's `sharedItemCount` exact under concurrent shares and unshares, a group kept
 * while something is shared with it, a number's delete ending its shares, and the audit events. Who may call the two
 * routes is in the authorization matrix; rule permutations are unit-tested (test/unit/number-sharing.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { expectStatus, newOrg, type Manager } from '../../builders/api.ts';
import { collect } from '../../builders/matrix.ts';
import { addNumber, type NumberBody } from '../../builders/telephony.ts';

type Shared = NumberBody & { groupIds: string[] };

let org: Manager;
let other: Manager;
const a = (m: Manager = org) => `/v1/accounts/${m.accountId}`;
const share = (numberId: string, groupId: string) => `${a()}/numbers/${numberId}/groups/${groupId}`;
const newGroup = async (m: Manager = org): Promise<string> => {
  const r = await call('POST', `${a(m)}/groups`, { token: m.token, body: { name: `Shared ${Math.random()}` } });
  expectStatus(r, 201, 'POST groups');
  return (r.body as { id: string }).id;
};
const countOf = async (groupId: string) =>
  ((await call('GET', `${a()}/groups/${groupId}`, { token: org.token })).body as { sharedItemCount: number })
    .sharedItemCount;

beforeAll(async () => {
  [org, other] = await Promise.all([newOrg('Sharing Co'), newOrg('Sharing Rival')]);
});

describe('numbers shared with groups', () => {
  it('PUT shares once (201, then 200), DELETE ends it once (204, then 404), and the number shows its groups', async () => {
    const [g1, g2, foreign] = await Promise.all([newGroup(), newGroup(), newGroup(other)]);
    const number = await addNumber(org);
    const first = await call('PUT', share(number.id, g2), { token: org.token });
    expectStatus(first, 201);
    expect(first.headers.location).toBe(share(number.id, g2));
    expect(first.body).toMatchObject({ id: number.id, groupIds: [g2], version: 2 });
    expect(first.headers.etag).toBe('"2"');
    const again = await call('PUT', share(number.id, g2), { token: org.token });
    expectStatus(again, 200);
    expect(again.body).toEqual(first.body);
    expectStatus(await call('PUT', share(number.id, g1), { token: org.token }), 201);
    const read = await call('GET', `${a()}/numbers/${number.id}`, { token: org.token });
    expect((read.body as Shared).groupIds).toEqual([g1, g2].sort());
    expect([await countOf(g1), await countOf(g2)]).toEqual([1, 1]);

    // a group with a number shared with it stays; another account's group, or none, is 404 and writes nothing
    const g2Version = (await call('GET', `${a()}/groups/${g2}`, { token: org.token })).body as { version: number };
    expect(
      await call('DELETE', `${a()}/groups/${g2}`, {
        token: org.token,
        headers: { 'if-match': `"${g2Version.version}"` },
      }),
    ).toMatchObject({ status: 409, body: { code: 'group_not_empty' } });
    for (const g of [foreign, '01J0000000000000000000NONE'])
      expect(await call('PUT', share(number.id, g), { token: org.token })).toMatchObject({
        status: 404,
        body: { code: 'not_found' },
      });
    expect(((await call('GET', `${a()}/numbers/${number.id}`, { token: org.token })).body as Shared).version).toBe(3);

    expectStatus(await call('DELETE', share(number.id, g2), { token: org.token }), 204);
    expect(await call('DELETE', share(number.id, g2), { token: org.token })).toMatchObject({ status: 404 });
    expect(await countOf(g2)).toBe(0);
    expectStatus(await call('DELETE', `${a()}/groups/${g2}`, { token: org.token }), 204);

    // deleting the number ends its last share: the group's count follows, and the group may go
    expectStatus(await call('DELETE', `${a()}/numbers/${number.id}`, { token: org.token }), 204);
    expect(await countOf(g1)).toBe(0);
    expectStatus(await call('DELETE', `${a()}/groups/${g1}`, { token: org.token }), 204);

    const events = await collect<{ type: string; details: { numberId: string; groupId?: string } }>(
      `${a()}/events`,
      org.token,
    );
    expect(
      events
        .filter((e) => e.details.numberId === number.id && e.type !== 'number.created')
        .map((e) => [e.type, e.details.groupId])
        .reverse(),
    ).toEqual([
      ['number.shared', g2],
      ['number.shared', g1],
      ['number.unshared', g2],
      ['number.deleted', undefined],
    ]);
  });

  it('10 shares and unshares at once leave an exact sharedItemCount, each number counted once', async () => {
    const g = await newGroup();
    const made = await Promise.all(Array.from({ length: 10 }, () => addNumber(org)));
    const [early, late] = [made.slice(0, 5), made.slice(5)];
    // each of five numbers shared twice at once: five 201s, five 200s, counted five times
    const round1 = await Promise.all(
      [...early, ...early].map((n) => call('PUT', share(n.id, g), { token: org.token })),
    );
    expect(round1.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201, 201, 201, 201, 201]);
    expect(await countOf(g)).toBe(5);
    // five unshared while five others are shared
    const round2 = await Promise.all([
      ...early.map((n) => call('DELETE', share(n.id, g), { token: org.token })),
      ...late.map((n) => call('PUT', share(n.id, g), { token: org.token })),
    ]);
    expect(round2.map((r) => r.status)).toEqual([204, 204, 204, 204, 204, 201, 201, 201, 201, 201]);
    const numbers = await collect<Shared>(`${a()}/numbers`, org.token);
    const withG = numbers.filter((n) => n.groupIds.includes(g)).map((n) => n.id);
    expect(withG.sort()).toEqual(late.map((n) => n.id).sort());
    expect(await countOf(g)).toBe(5);
  });
});
