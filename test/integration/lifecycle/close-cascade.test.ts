/**
 * Closing a member detaches everything they hold, over HTTP against the local stack: services closed, numbers
 * unassigned (`assignment: null`), phones deleted with their extension and MAC free again, aliases free, one event
 * each. Past one transaction (105 phones) the continuation finishes in the same request; interrupted mid-way (an
 * injected DynamoDB fault on a continuation batch), closing the member again or the scheduled cleanup finishes it
 * with exact state; 150 group memberships end with exact memberCounts on all 150 groups. The detachers' rules are unit-tested with the fakes (test/unit/close-cascade.test.ts).
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  groupItem,
  groupKey,
  groupMembershipItem,
  groupMembershipKey,
  groupNameClaimItem,
} from '#adapters/dynamodb/entities/group.ts';
import {
  delegatedToItem,
  delegatedToKey,
  delegationItem,
  delegationKey,
} from '#adapters/dynamodb/entities/delegation.ts';
import type { Group } from '#domain/group.ts';
import type { Delegation } from '#ports/delegations.ts';
import { closeDynamo, ddb, storedItem, tableName } from '../../support/dynamo.ts';
import { call, clearFaults, fault, runCleanup } from '../../support/http.ts';
import {
  createMember,
  expectStatus,
  newMember,
  newOrg,
  PASSWORD,
  uniqueEmail,
  type Manager,
} from '../../builders/api.ts';
import { collect } from '../../builders/matrix.ts';
import { addDevice, addNumber, assign, freshExtension, type NumberBody } from '../../builders/telephony.ts';

let am: Manager;
const user = (userId: string) => `/v1/accounts/${am.accountId}/users/${userId}`;
const close = (userId: string) => call('DELETE', user(userId), { token: am.token, body: { password: PASSWORD } });
const userKey = (userId: string) => ({ PK: `ACCOUNT#${am.accountId}`, SK: `USER#${userId}` });

/** `n` phones for a member, 10 requests at a time; their extensions. */
async function phones(userId: string, n: number): Promise<string[]> {
  const extensions = Array.from({ length: n }, () => freshExtension());
  for (let i = 0; i < n; i += 10)
    await Promise.all(extensions.slice(i, i + 10).map((extension) => addDevice(am, userId, { extension })));
  return extensions;
}

/** The member's phones still stored, and whether their extensions are still claimed. */
async function leftOf(userId: string, extensions: string[]) {
  const devices = await collect(`${user(userId)}/devices`, am.token);
  const claims = await Promise.all(
    extensions.map((e) => storedItem({ PK: `ACCOUNT#${am.accountId}`, SK: `EXTENSION#${e}` })),
  );
  return { devices: devices.length, claims: claims.filter(Boolean).length };
}

const eventTypes = async (userId: string) =>
  (await collect<{ type: string }>(`${user(userId)}/events`, am.token)).map((e) => e.type);

beforeAll(async () => {
  am = await newOrg('Cascade Co');
});

afterAll(async () => {
  await clearFaults();
  closeDynamo();
});

describe('closing a member', () => {
  it('closes their services, unassigns their numbers, deletes their phones, frees aliases: one transaction, one event each', async () => {
    const max = await createMember(am);
    for (const type of ['fax', 'voice'])
      expectStatus(await call('POST', `${user(max.id)}/services`, { token: am.token, body: { type } }), 201);
    const numbers = [await addNumber(am), await addNumber(am)];
    for (const n of numbers) await assign(am, n.id, max.id);
    const mac = '00:11:22:AA:BB:CC'.replace(
      'CC',
      Math.floor(Math.random() * 200 + 16)
        .toString(16)
        .toUpperCase(),
    );
    const [plain, withMac] = [await addDevice(am, max.id), await addDevice(am, max.id, { macAddress: mac })];
    const group = await call<{ id: string }>('POST', `/v1/accounts/${am.accountId}/groups`, {
      token: am.token,
      body: { name: `Night shift ${max.id}` },
    });
    expectStatus(group, 201);
    const groupPath = `/v1/accounts/${am.accountId}/groups/${group.body.id}`;
    expectStatus(await call('PUT', `${groupPath}/members/${max.id}`, { token: am.token }), 201);
    const alias = uniqueEmail('alias');
    expectStatus(await call('PUT', `${user(max.id)}/aliases/${encodeURIComponent(alias)}`, { token: am.token }), 200);

    const closed = await close(max.id);
    expectStatus(closed, 204);
    // it all fitted in the closing transaction: no continuation
    expect(closed.ddbCommands.filter((c) => c === 'TransactWriteItemsCommand')).toHaveLength(1);

    const services = await call<{ items: { type: string; status: string }[] }>('GET', `${user(max.id)}/services`, {
      token: am.token,
    });
    expect(services.body.items.map((s) => s.status)).toEqual(['closed', 'closed']);
    for (const n of numbers) {
      const read = await call<NumberBody>('GET', `/v1/accounts/${am.accountId}/numbers/${n.id}`, { token: am.token });
      expect(read.body).toMatchObject({ assignment: null, version: 3 });
    }
    expect(await collect(`${user(max.id)}/numbers`, am.token)).toEqual([]);
    expect(await collect(`${user(max.id)}/devices`, am.token)).toEqual([]);
    // the extension, the MAC address and the alias are free for someone else
    const olga = await createMember(am);
    await addDevice(am, olga.id, { extension: plain.extension });
    await addDevice(am, olga.id, { extension: withMac.extension, macAddress: mac });
    expectStatus(await call('PUT', `${user(olga.id)}/aliases/${encodeURIComponent(alias)}`, { token: am.token }), 200);
    // they left the group, its count followed
    expect((await call('GET', groupPath, { token: am.token })).body).toMatchObject({ memberCount: 0 });
    expect(await collect(`${groupPath}/members`, am.token)).toEqual([]);
    // the closed member keeps no marker
    expect((await storedItem(userKey(max.id)))?.detachPending).toBeUndefined();

    const types = await eventTypes(max.id);
    for (const [type, count] of [
      ['service.closed', 2],
      ['number.unassigned', 2],
      ['device.deleted', 2],
      ['group.member_removed', 1],
      ['user.closed', 1],
    ] as const)
      expect(
        types.filter((t) => t === type),
        type,
      ).toHaveLength(count);
  });

  it("a system user's API keys are revoked with it: the keys stop, the live-key count is exact", async () => {
    const bot = await call<{ id: string }>('POST', `/v1/accounts/${am.accountId}/users`, {
      token: am.token,
      body: { type: 'system', username: `bot${Date.now().toString(36)}`, firstName: 'Sys', lastName: 'Tem' },
    });
    expectStatus(bot, 201);
    const keys = [];
    for (const name of ['relay', 'backup']) {
      const k = await call<{ id: string; key: string }>('POST', `${user(bot.body.id)}/api-keys`, {
        token: am.token,
        body: { name },
      });
      expectStatus(k, 201);
      keys.push(k.body);
    }
    // positive control: the key works before the close
    expectStatus(await call('GET', user(bot.body.id), { token: keys[0].key }), 200);
    expectStatus(await close(bot.body.id), 204);
    for (const k of keys) {
      expect(
        await storedItem({ PK: `ACCOUNT#${am.accountId}`, SK: `USER#${bot.body.id}#APIKEY#${k.id}` }),
      ).toBeUndefined();
      expect((await call('GET', `/v1/accounts/${am.accountId}`, { token: k.key })).status).toBe(401);
    }
    expect((await storedItem({ PK: `ACCOUNT#${am.accountId}`, SK: `USER#${bot.body.id}#APIKEYS` }))?.count).toBe(0);
    expect((await eventTypes(bot.body.id)).filter((t) => t === 'api_key.revoked')).toHaveLength(2);
  });

  it('105 phones: the continuation detaches past one transaction in the same request, exactly', async () => {
    const bulk = await createMember(am);
    const extensions = await phones(bulk.id, 105);
    const closed = await close(bulk.id);
    expectStatus(closed, 204);
    expect(await leftOf(bulk.id, extensions)).toEqual({ devices: 0, claims: 0 });
    expect((await storedItem(userKey(bulk.id)))?.detachPending).toBeUndefined();
    expect((await eventTypes(bulk.id)).filter((t) => t === 'device.deleted')).toHaveLength(105);
  });

  it('150 group memberships: exact memberCounts on all 150 groups and nothing attached', async () => {
    const [leaving, staying] = [await createMember(am), await createMember(am)];
    // a big state is written through the entity layer's items (as the organisation tests do): 150 groups of two
    const at = new Date().toISOString();
    const groups: Group[] = Array.from({ length: 150 }, (_, i) => ({
      id: ulid(),
      accountId: am.accountId,
      name: `Big ${i} ${leaving.id}`,
      description: null,
      memberCount: 2,
      sharedItemCount: 0,
      createdAt: at,
      updatedAt: at,
      version: 1,
    }));
    const items = groups.flatMap((g) => [
      groupItem(g),
      groupNameClaimItem(g),
      ...[leaving, staying].map((m) =>
        groupMembershipItem({
          accountId: am.accountId,
          groupId: g.id,
          userId: m.id,
          username: m.username,
          addedAt: at,
        }),
      ),
    ]);
    for (let i = 0; i < items.length; i += 25)
      await ddb().send(
        new BatchWriteCommand({
          RequestItems: { [tableName()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
    expect(await collect(`${user(leaving.id)}/groups`, am.token)).toHaveLength(150);

    const closed = await close(leaving.id);
    expectStatus(closed, 204);
    // the closing transaction, then per page of 100 a Query and its transactions, then the marker's UpdateItem
    expect(closed.ddbCommands.filter((c) => c === 'TransactWriteItemsCommand').length).toBeLessThanOrEqual(6);
    expect(closed.ddbCommands.at(-1)).toBe('UpdateItemCommand');

    const counts = await Promise.all(groups.map((g) => storedItem(groupKey(am.accountId, g.id))));
    expect(counts.map((g) => g?.memberCount)).toEqual(groups.map(() => 1));
    const left = await Promise.all(
      groups.flatMap((g) => [leaving, staying].map((m) => storedItem(groupMembershipKey(am.accountId, g.id, m.id)))),
    );
    // nothing of the closed member's is left; the other member is still in every group
    expect(left.map(Boolean)).toEqual(groups.flatMap(() => [false, true]));
    expect((await storedItem(userKey(leaving.id)))?.detachPending).toBeUndefined();
    expect((await eventTypes(leaving.id)).filter((t) => t === 'group.member_removed')).toHaveLength(150);
  });

  it('40 delegations each way: the first ride in the closing transaction, the continuation ends the rest', async () => {
    const [leaving, other] = [await createMember(am), await createMember(am)];
    const at = new Date().toISOString();
    const ids = Array.from({ length: 40 }, () => ulid());
    // the leaving member administers 40 members and has 40 delegates (written through the entity layer's items)
    const delegations: Delegation[] = ids.flatMap((id) => [
      { accountId: am.accountId, userId: id, delegateUserId: leaving.id, createdAt: at },
      { accountId: am.accountId, userId: leaving.id, delegateUserId: id, createdAt: at },
    ]);
    // positive control: another member's delegation is left alone
    const kept: Delegation = { accountId: am.accountId, userId: other.id, delegateUserId: ids[0], createdAt: at };
    const items = [...delegations, kept].flatMap((d) => [delegationItem(d), delegatedToItem(d)]);
    for (let i = 0; i < items.length; i += 25)
      await ddb().send(
        new BatchWriteCommand({
          RequestItems: { [tableName()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
    const stored = async (list: Delegation[]) =>
      (
        await Promise.all(
          list.flatMap((d) => [
            storedItem(delegationKey(d.accountId, d.userId, d.delegateUserId)),
            storedItem(delegatedToKey(d.accountId, d.delegateUserId, d.userId)),
          ]),
        )
      ).filter(Boolean).length;
    expect(await stored(delegations)).toBe(160);

    expectStatus(await close(leaving.id), 204);
    expect(await stored(delegations)).toBe(0);
    expect(await stored([kept])).toBe(2);
    expect((await storedItem(userKey(leaving.id)))?.detachPending).toBeUndefined();
  });

  it('interrupted after the closing transaction: closing again finishes it, exactly', async () => {
    const cut = await createMember(am);
    const extensions = await phones(cut.id, 70);
    // the closing transaction commits; the continuation's first batch fails
    await fault({ service: 'dynamodb', command: 'TransactWriteItems', after: 1, times: 1 });
    const interrupted = await close(cut.id);
    expect(interrupted.status).toBe(500);
    const stored = await storedItem(userKey(cut.id));
    expect(stored).toMatchObject({ status: 'closed', detachPending: true });
    expect(stored?.GSI1PK).toMatch(/^CLOSING#[0-3]$/);
    const half = await leftOf(cut.id, extensions);
    expect(half.devices).toBeGreaterThan(0);
    expect(half.devices).toBeLessThan(70);

    expectStatus(await close(cut.id), 204);
    expect(await leftOf(cut.id, extensions)).toEqual({ devices: 0, claims: 0 });
    const after = await storedItem(userKey(cut.id));
    expect([after?.detachPending, after?.GSI1PK]).toEqual([undefined, undefined]);
    // each phone detached once, whichever run did it
    expect((await eventTypes(cut.id)).filter((t) => t === 'device.deleted')).toHaveLength(70);
    // closing once more is the no-op it always was
    expect((await close(cut.id)).status).toBe(204);
  });

  it('interrupted: the scheduled cleanup finishes it through the pending-closes index', async () => {
    const cut = await createMember(am);
    const extensions = await phones(cut.id, 40);
    await fault({ service: 'dynamodb', command: 'TransactWriteItems', after: 1, times: 1 });
    expect((await close(cut.id)).status).toBe(500);
    expect((await leftOf(cut.id, extensions)).devices).toBeGreaterThan(0);

    const report = (await runCleanup()) as { result: { pendingCloses: { found: number; finished: number } } };
    expect(report.result.pendingCloses.finished).toBeGreaterThanOrEqual(1);
    expect(await leftOf(cut.id, extensions)).toEqual({ devices: 0, claims: 0 });
    expect((await storedItem(userKey(cut.id)))?.detachPending).toBeUndefined();
    expect((await eventTypes(cut.id)).filter((t) => t === 'device.deleted')).toHaveLength(40);
    // a closed member gets nothing new attached (checked in the attaching transaction)
    expectStatus(await call('POST', `${user(cut.id)}/services`, { token: am.token, body: { type: 'fax' } }), 409);
    const d = await call('POST', `${user(cut.id)}/devices`, { token: am.token, body: { extension: freshExtension() } });
    expect(d.status).toBe(409);
  });
});

describe('reading a member with ?include=', () => {
  it('adds their services, numbers, devices and groups, each as its own route shows it: one Query beside the settings read', async () => {
    const kim = await newMember(am);
    expectStatus(await call('POST', `${user(kim.id)}/services`, { token: am.token, body: { type: 'sms' } }), 201);
    const number = await assign(am, (await addNumber(am)).id, kim.id);
    await addDevice(am, kim.id);
    const group = await call<{ id: string }>('POST', `/v1/accounts/${am.accountId}/groups`, {
      token: am.token,
      body: { name: `Readers ${kim.id}` },
    });
    const groupPath = `/v1/accounts/${am.accountId}/groups/${group.body.id}`;
    expectStatus(await call('PUT', `${groupPath}/members/${kim.id}`, { token: am.token }), 201);

    const plain = await call('GET', user(kim.id), { token: am.token });
    const r = await call('GET', `${user(kim.id)}?include=services,numbers,devices,groups`, { token: am.token });
    expectStatus(r, 200);
    // the authorization read (with the member), then the settings read and the collection's Query side by side
    expect(plain.ddbCommands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    expect(r.ddbCommands[0]).toBe('BatchGetItemCommand');
    expect([...r.ddbCommands.slice(1)].sort()).toEqual(['BatchGetItemCommand', 'QueryCommand']);
    const { services, numbers, devices, groups, ...member } = r.body;
    expect(member).toEqual(plain.body);
    expect(services).toEqual((await call('GET', `${user(kim.id)}/services`, { token: am.token })).body.items);
    expect(numbers).toEqual([
      (await call('GET', `/v1/accounts/${am.accountId}/numbers/${number.id}`, { token: am.token })).body,
    ]);
    expect(devices).toEqual(await collect(`${user(kim.id)}/devices`, am.token));
    expect(groups).toEqual(await collect(`${groupPath}/members`, am.token));

    // one list only; the member reads themselves with it too
    const own = await call('GET', `${user(kim.id)}?include=devices`, { token: kim.token });
    expectStatus(own, 200);
    expect(Object.keys(own.body)).toEqual(expect.arrayContaining(['devices']));
    expect(own.body.services).toBeUndefined();
    // someone who may not read the member gets no list (positive control above: the manager and the member)
    const other = await newMember(am);
    expectStatus(await call('GET', `${user(kim.id)}?include=devices`, { token: other.token }), 403);
    // an unknown list is 400
    const bad = await call('GET', `${user(kim.id)}?include=devices,secrets`, { token: am.token });
    expectStatus(bad, 400);
    expect(bad.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'include' }] });
  });
});
