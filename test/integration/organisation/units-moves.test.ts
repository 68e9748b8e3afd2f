/**
 * Moves too big for one transaction, a move that dies half-way (readers reconcile, the next structural change
 * repairs), and the 1,000-unit limit — with DynamoDB Local's real conditions, reading the table directly.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { orgTreeKey, orgUnitKey, unitsOfTree } from '#adapters/dynamodb/entities/org-unit.ts';
import { MAX_UNITS_PER_ACCOUNT, MOVE_LEASE_SECONDS } from '#domain/org-unit.ts';
import { closeDynamo, ddb, storedItem } from '../../support/dynamo.ts';
import { call, clearFaults, clock, fault, stack } from '../../support/http.ts';
import { expectStatus, newOrg, type Manager } from '../../builders/api.ts';
import { chain, createUnit, findNode, unitsPath, type Unit, type UnitNode } from '../../builders/units.ts';

afterAll(closeDynamo);
afterEach(async () => {
  await clock(0);
  await clearFaults();
});

/** The stored units and tree item of an account, straight from the table. */
async function stored(org: Manager) {
  const out = await ddb().send(
    new QueryCommand({
      TableName: stack().tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': unitsOfTree.partition(org.accountId) },
      ConsistentRead: true,
    }),
  );
  const items = out.Items ?? [];
  return {
    tree: items.find((i) => i.SK === 'TREE')!,
    units: new Map(items.filter((i) => i.SK !== 'TREE').map((i) => [i.id as string, i as unknown as Unit])),
  };
}

async function orgWithWideUnit(name: string, kids: number) {
  const org = await newOrg(name);
  const [a] = await chain(org, org.rootId, ['A']);
  const [b] = await chain(org, org.rootId, ['B']);
  const children: Unit[] = [];
  for (let i = 0; i < kids; i++) children.push(await createUnit(org, `Kid ${String(i).padStart(3, '0')}`, a.id));
  return { org, a, b, children };
}

describe('a move bigger than one transaction', () => {
  it('moves 120 descendants: the first transaction with the marker, one more chunk, then the marker goes', async () => {
    const { org, a, b, children } = await orgWithWideUnit('Big Move Co', 120);
    const r = await call('PATCH', `${unitsPath(org)}/${a.id}`, { token: org.token, body: { parentId: b.id } });
    expectStatus(r, 200);
    // the members' path copies are looked up on the index (two passes: one catches a member the index showed late)
    expect(r.ddbCommands).toEqual([
      'BatchGetItemCommand',
      'QueryCommand',
      'TransactWriteItemsCommand',
      'TransactWriteItemsCommand',
      'QueryCommand',
      'QueryCommand',
      'UpdateItemCommand',
    ]);
    const { tree, units } = await stored(org);
    expect(tree.move).toBeUndefined();
    for (const kid of children)
      expect(units.get(kid.id)).toMatchObject({ path: `/${org.rootId}/${b.id}/${a.id}/${kid.id}/`, depth: 3 });
    expect([units.get(a.id)!.parentId, units.get(b.id)!.childCount]).toEqual([b.id, 1]);
  });
});

describe('a move that dies half-way', () => {
  it('is invisible to readers, holds structural changes during its lease, and is completed by the next one', async () => {
    const { org, a, b, children } = await orgWithWideUnit('Crash Co', 110);
    const [c] = await chain(org, org.rootId, ['C']);
    await call('PATCH', `${unitsPath(org)}/${c.id}/settings`, { token: org.token, body: { language: 'fr' } });
    // the move commits in its first transaction; its last step (removing the marker) fails
    await fault({ service: 'dynamodb', command: 'UpdateItemCommand' });
    const moved = await call('PATCH', `${unitsPath(org)}/${a.id}`, { token: org.token, body: { parentId: c.id } });
    expectStatus(moved, 200);
    const newPrefix = `/${org.rootId}/${c.id}/${a.id}/`;
    // and, as if the request had died before its last chunk, 30 descendants still carry the old path
    const stale = children.slice(0, 30);
    for (const kid of stale) {
      await ddb().send(
        new UpdateCommand({
          TableName: stack().tableName,
          Key: orgUnitKey(org.accountId, kid.id),
          UpdateExpression: 'SET #p = :p, #d = :d',
          ExpressionAttributeNames: { '#p': 'path', '#d': 'depth' },
          ExpressionAttributeValues: { ':p': `/${org.rootId}/${a.id}/${kid.id}/`, ':d': 2 },
        }),
      );
    }
    expect((await stored(org)).tree.move).toMatchObject({ unitId: a.id, toPath: newPrefix });

    // readers see the finished move
    const tree = (await call('GET', unitsPath(org), { token: org.token })).body as { items: UnitNode[] };
    expect(
      findNode(tree.items, a.id)!
        .children.map((k) => k.path)
        .sort(),
    ).toEqual(children.map((k) => `${newPrefix}${k.id}/`).sort());
    expect(findNode(tree.items, b.id)!.children).toEqual([]);
    expect((await call('GET', `${unitsPath(org)}/${stale[0].id}`, { token: org.token })).body).toMatchObject({
      path: `${newPrefix}${stale[0].id}/`,
      depth: 3,
    });
    const settings = await call('GET', `${unitsPath(org)}/${stale[0].id}/settings`, { token: org.token });
    expect(settings.body).toMatchObject({ effectiveSettings: { language: { value: 'fr', source: `unit:${c.id}` } } });

    // structural changes wait while the lease runs; a rename is not structural (positive control)
    expect(
      (await call('POST', unitsPath(org), { token: org.token, body: { name: 'Early', parentId: org.rootId } })).body,
    ).toMatchObject({ status: 409, code: 'unit_move_in_progress' });
    expectStatus(
      await call('PATCH', `${unitsPath(org)}/${stale[1].id}`, {
        token: org.token,
        body: { name: 'Renamed meanwhile' },
      }),
      200,
    );

    await clock(MOVE_LEASE_SECONDS + 1);
    const repaired = await call('POST', unitsPath(org), {
      token: org.token,
      body: { name: 'After', parentId: stale[0].id },
    });
    expectStatus(repaired, 201);
    expect(repaired.body).toMatchObject({
      path: `${newPrefix}${stale[0].id}/${(repaired.body as Unit).id}/`,
      depth: 4,
    });
    const { tree: state, units } = await stored(org);
    expect(state.move).toBeUndefined();
    for (const kid of children) expect(units.get(kid.id)!.path).toBe(`${newPrefix}${kid.id}/`);
    expect(units.get(stale[1].id)!.name).toBe('Renamed meanwhile');
  });
});

describe('the unit limit', () => {
  it(`admits no unit past ${MAX_UNITS_PER_ACCOUNT}, even under concurrent creates`, async () => {
    const org = await newOrg('Full Co');
    const setCount = (n: number) =>
      ddb().send(
        new UpdateCommand({
          TableName: stack().tableName,
          Key: orgTreeKey(org.accountId),
          UpdateExpression: 'SET #u = :n',
          ExpressionAttributeNames: { '#u': 'units' },
          ExpressionAttributeValues: { ':n': n },
        }),
      );
    await setCount(MAX_UNITS_PER_ACCOUNT - 2);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call('POST', unitsPath(org), { token: org.token, body: { name: `Race ${i}`, parentId: org.rootId } }),
      ),
    );
    const created = results.filter((r) => r.status === 201).length;
    expect(created).toBeGreaterThanOrEqual(1);
    expect(created).toBeLessThanOrEqual(2);
    // the losers: the limit, or (having lost every retry to the winners) the tree kept changing
    const losers = results.filter((x) => x.status !== 201);
    expect(losers).toHaveLength(6 - created);
    for (const r of losers) {
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(['unit_limit_reached', 'conflict'], JSON.stringify(r.body)).toContain((r.body as { code: string }).code);
    }
    const count = async () => (await storedItem(orgTreeKey(org.accountId)))!.units as number;
    expect(await count()).toBe(MAX_UNITS_PER_ACCOUNT - 2 + created);

    await setCount(MAX_UNITS_PER_ACCOUNT - 1);
    expectStatus(
      await call('POST', unitsPath(org), { token: org.token, body: { name: 'Last', parentId: org.rootId } }),
      201,
    );
    const full = await call('POST', unitsPath(org), {
      token: org.token,
      body: { name: 'Too many', parentId: org.rootId },
    });
    expect(full.body).toMatchObject({ status: 409, code: 'unit_limit_reached' });
    expect(await count()).toBe(MAX_UNITS_PER_ACCOUNT);
  });
});
