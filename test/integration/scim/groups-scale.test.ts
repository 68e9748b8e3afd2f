/**
 * SCIM `/Groups` under load: 20 parallel PATCH adds of different members to one group (each counted once), a PATCH of
 * 1,000 members applied in chunks (interrupted half-way, then sent again: it converges, counted exactly), the limit
 * past 1,000, a DELETE of a group of 1,000, and `GET /Groups` within Okta's 600 ms.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromUserItem, userItem, userKey } from '#adapters/dynamodb/entities/user.ts';
import { createMember, expectStatus, nextSecond, type Target } from '../../builders/api.ts';
import { ddb, storedItem, tableName } from '../../support/dynamo.ts';
import { call, clearFaults, fault } from '../../support/http.ts';
import { SCIM_GROUP, expectScimError, patchOp, scimAccount, type ScimTenant, unique } from '../../support/scim.ts';

type GroupDoc = { id: string; displayName: string; members?: { value: string }[] };

const newGroup = async (tenant: ScimTenant, over: Record<string, unknown> = {}): Promise<GroupDoc> => {
  const r = await tenant.scim('POST', '/Groups', { schemas: [SCIM_GROUP], displayName: unique('Group'), ...over });
  expectStatus(r, 201, 'POST /Groups');
  return r.body as GroupDoc;
};
const memberCount = async (tenant: ScimTenant, id: string): Promise<number> => {
  const r = await call('GET', `/v1/accounts/${tenant.accountId}/groups/${id}`, { token: tenant.token });
  expectStatus(r, 200);
  return (r.body as { memberCount: number }).memberCount;
};

/**
 * `count` people written straight into the table as copies of one created through the API (1,000 invitations would
 * pass an account's daily mail quota): same unit, fresh ids and usernames.
 */
async function seedPeople(tenant: ScimTenant, count: number): Promise<string[]> {
  const template = await createMember(tenant);
  const base = fromUserItem((await storedItem(userKey(tenant.accountId, template.id)))!);
  const tag = randomBytes(4).toString('hex');
  const ids = Array.from({ length: count }, (_, i) => `bulk${tag}${String(i).padStart(4, '0')}`);
  const items = ids.map((id, i) =>
    userItem({ ...base, id, username: `b${tag}${i}`, email: `${id}@example.com`, identityId: null }),
  );
  const batches: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  for (let i = 0; i < batches.length; i += 8)
    await Promise.all(
      batches
        .slice(i, i + 8)
        .map((batch) =>
          ddb().send(
            new BatchWriteCommand({ RequestItems: { [tableName()]: batch.map((Item) => ({ PutRequest: { Item } })) } }),
          ),
        ),
    );
  return ids;
}

describe('many changes of one group', () => {
  let tenant: ScimTenant;
  let people: Target[];
  beforeAll(async () => {
    tenant = await scimAccount('Scim Parallel Co');
    people = await Promise.all(Array.from({ length: 20 }, () => createMember(tenant)));
  });

  it('20 parallel PATCH adds of different members: all 204, memberCount exact; sent again, nothing moves', async () => {
    const g = await newGroup(tenant);
    await nextSecond();
    const adds = (p: Target) =>
      tenant.scim('PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: p.id }] }));
    const started = performance.now();
    const answers = await Promise.all(people.map(adds));
    console.info(`20 parallel PATCH adds to one group: ${Math.round(performance.now() - started)} ms in all`);
    expect(answers.map((a) => a.status)).toEqual(people.map(() => 204));
    expect(await memberCount(tenant, g.id)).toBe(20);
    await nextSecond();
    const again = await Promise.all(people.map(adds));
    expect(again.map((a) => a.status)).toEqual(people.map(() => 204));
    expect(await memberCount(tenant, g.id)).toBe(20);
    const read = (await tenant.scim('GET', `/Groups/${g.id}`)).body as GroupDoc;
    expect(read.members?.map((m) => m.value).sort()).toEqual(people.map((p) => p.id).sort());
  });

  it('20 parallel removals of different members all succeed, and memberCount is exact', async () => {
    const g = await newGroup(tenant, { members: people.map((p) => ({ value: p.id })) });
    expect(await memberCount(tenant, g.id)).toBe(20);
    await nextSecond();
    const answers = await Promise.all(
      people.map((p) =>
        tenant.scim('PATCH', `/Groups/${g.id}`, patchOp({ op: 'remove', path: `members[value eq "${p.id}"]` })),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(people.map(() => 204));
    expect(await memberCount(tenant, g.id)).toBe(0);
  });

  it('GET /Groups answers within 600 ms (Okta R10), members included', async () => {
    for (let i = 0; i < 5; i++)
      await newGroup(tenant, { members: people.slice(i * 4, i * 4 + 4).map((p) => ({ value: p.id })) });
    await nextSecond();
    const started = performance.now();
    const r = await tenant.scim('GET', '/Groups');
    const ms = performance.now() - started;
    expectStatus(r, 200);
    expect((r.body as { totalResults: number }).totalResults).toBeGreaterThanOrEqual(5);
    expect(ms).toBeLessThan(600);
    console.info(
      `GET /Groups (${(r.body as { totalResults: number }).totalResults} groups with members): ${Math.round(ms)} ms`,
    );
  });
});

describe('a PATCH of 1,000 members', () => {
  let tenant: ScimTenant;
  let ids: string[];
  beforeAll(async () => {
    tenant = await scimAccount('Scim Thousand Co');
    ids = await seedPeople(tenant, 1000);
  }, 60_000);

  it('is applied in chunks; interrupted half-way it keeps what it wrote; sent again it converges exactly', async () => {
    const g = await newGroup(tenant);
    const body = patchOp({ op: 'add', path: 'members', value: ids.map((value) => ({ value })) });
    // the sixth transaction fails: five chunks (165 members) stay written
    await fault({ service: 'dynamodb', command: 'TransactWriteItems', after: 5, errorName: 'ValidationException' });
    const broken = await tenant.scim('PATCH', `/Groups/${g.id}`, body);
    await clearFaults();
    expect(broken.status).toBe(500);
    expect(await memberCount(tenant, g.id)).toBe(165);
    const started = performance.now();
    const whole = await tenant.scim('PATCH', `/Groups/${g.id}`, body);
    const ms = performance.now() - started;
    expectStatus(whole, 204);
    expect(await memberCount(tenant, g.id)).toBe(1000);
    // once more: every member is there, nothing is written or counted
    expectStatus(await tenant.scim('PATCH', `/Groups/${g.id}`, body), 204);
    expect(await memberCount(tenant, g.id)).toBe(1000);
    const read = (await tenant.scim('GET', `/Groups/${g.id}`)).body as GroupDoc;
    expect(read.members).toHaveLength(1000);
    console.info(`PATCH of 835 new members (of 1,000 named): ${Math.round(ms)} ms`);
  }, 60_000);

  it('past 1,000 member values is 400 tooMany, and nothing changes', async () => {
    const g = await newGroup(tenant);
    const body = patchOp({ op: 'add', path: 'members', value: [...ids, 'one-more'].map((value) => ({ value })) });
    expectScimError(await tenant.scim('PATCH', `/Groups/${g.id}`, body), 400, 'tooMany');
    expect(await memberCount(tenant, g.id)).toBe(0);
  });

  it('a group of 1,000 is replaced and deleted: its members leave first, in chunks', async () => {
    const g = await newGroup(tenant);
    const started = performance.now();
    const put = await tenant.scim('PUT', `/Groups/${g.id}`, {
      schemas: [SCIM_GROUP],
      displayName: g.displayName,
      members: ids.map((value) => ({ value })),
    });
    const putMs = performance.now() - started;
    expectStatus(put, 200);
    expect(await memberCount(tenant, g.id)).toBe(1000);
    const removeAll = performance.now();
    expectStatus(await tenant.scim('DELETE', `/Groups/${g.id}`), 204);
    const deleteMs = performance.now() - removeAll;
    expectScimError(await tenant.scim('GET', `/Groups/${g.id}`), 404);
    console.info(
      `PUT of 1,000 members: ${Math.round(putMs)} ms; DELETE of a group of 1,000: ${Math.round(deleteMs)} ms`,
    );
  }, 60_000);
});
