/** The organisation tree over HTTP: create, read, rename, move, delete; who may; what it costs. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { newMember, expectStatus, newOrg, type Manager } from '../../builders/api.ts';
import {
  chain as chainOf,
  findNode as find,
  unitsPath,
  type UnitNode as Node,
  type Unit,
} from '../../builders/units.ts';

let acme: Manager;
let other: Manager;
let member: Awaited<ReturnType<typeof newMember>>;

const units = (a = acme) => unitsPath(a);
const chain = (parentId: string, names: string[], a = acme): Promise<Unit[]> => chainOf(a, parentId, names);

beforeAll(async () => {
  [acme, other] = await Promise.all([newOrg('Tree Co'), newOrg('Other Tree Co')]);
  member = await newMember(acme);
});

describe('the tree', () => {
  it('has a root from the start, and grows with POST (201, Location, ETag) at one transaction per unit', async () => {
    const root = await call('GET', `${units()}/${acme.rootId}`, { token: acme.token });
    expect(root.body).toMatchObject({
      id: acme.rootId,
      name: 'Tree Co',
      parentId: null,
      path: `/${acme.rootId}/`,
      depth: 0,
    });
    expect(root.headers.etag).toBe('"1"');

    const r = await call('POST', units(), { token: acme.token, body: { name: ' EMEA ', parentId: acme.rootId } });
    expectStatus(r, 201);
    const emea = r.body as Unit;
    expect(emea).toMatchObject({
      name: 'EMEA',
      parentId: acme.rootId,
      path: `/${acme.rootId}/${emea.id}/`,
      depth: 1,
      version: 1,
    });
    expect(r.headers.location).toBe(`${units()}/${emea.id}`);
    expect(r.headers.etag).toBe('"1"');
    expect(r.ddbCommands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'TransactWriteItemsCommand']);

    const [berlin] = await chain(emea.id, ['Berlin']);
    const tree = await call('GET', units(), { token: acme.token });
    expectStatus(tree, 200);
    expect(tree.ddbCommands).toEqual(['BatchGetItemCommand', 'QueryCommand']);
    const { items, nextCursor } = tree.body as { items: Node[]; nextCursor: null };
    expect(nextCursor).toBeNull();
    expect(items.map((n) => n.id)).toEqual([acme.rootId]);
    expect(find(items, emea.id)).toMatchObject({
      childCount: 1,
      children: [expect.objectContaining({ id: berlin.id, depth: 2, children: [] })],
    });
  });

  it('refuses mass assignment and bad input with 400 and writes nothing', async () => {
    const r = await call('POST', units(), {
      token: acme.token,
      body: {
        name: 'X',
        parentId: acme.rootId,
        id: 'mine',
        accountId: other.accountId,
        path: '/x/',
        depth: 0,
        version: 9,
      },
    });
    expectStatus(r, 400);
    expect((r.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'accountId',
      'depth',
      'id',
      'path',
      'version',
    ]);
    expectStatus(await call('POST', units(), { token: acme.token, body: { name: '', parentId: acme.rootId } }), 400);
    const patch = await call('PATCH', `${units()}/${acme.rootId}`, { token: acme.token, body: { childCount: 3 } });
    expectStatus(patch, 400);
    const tree = (await call('GET', units(), { token: acme.token })).body as { items: Node[] };
    expect(JSON.stringify(tree)).not.toContain('"X"');
  });
});

describe('renaming and moving', () => {
  it('renames with If-Match; a stale If-Match is 412 and changes nothing', async () => {
    const [sales] = await chain(acme.rootId, ['Sales']);
    const path = `${units()}/${sales.id}`;
    expectStatus(
      await call('PATCH', path, { token: acme.token, headers: { 'if-match': '"5"' }, body: { name: 'Revenue' } }),
      412,
    );
    expect((await call('GET', path, { token: acme.token })).body).toMatchObject({ name: 'Sales', version: 1 });
    const ok = await call('PATCH', path, {
      token: acme.token,
      headers: { 'if-match': '"1"' },
      body: { name: 'Revenue' },
    });
    expectStatus(ok, 200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.ddbCommands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'TransactWriteItemsCommand']);
  });

  it('moves a subtree; refuses a cycle (409 unit_cycle) and moving the root (409 root_unit)', async () => {
    const [americas, usa, texas] = await chain(acme.rootId, ['Americas', 'USA', 'Texas']);
    const [apac] = await chain(acme.rootId, ['APAC']);
    const cycle = await call('PATCH', `${units()}/${americas.id}`, { token: acme.token, body: { parentId: texas.id } });
    expectStatus(cycle, 409);
    expect(cycle.body).toMatchObject({ code: 'unit_cycle' });
    expect(
      (await call('PATCH', `${units()}/${acme.rootId}`, { token: acme.token, body: { parentId: apac.id } })).body,
    ).toMatchObject({ status: 409, code: 'root_unit' });

    // positive control: the same subtree moves under a unit outside it
    const moved = await call('PATCH', `${units()}/${usa.id}`, {
      token: acme.token,
      headers: { 'if-match': '"1"' },
      body: { parentId: apac.id },
    });
    expectStatus(moved, 200);
    expect(moved.body).toMatchObject({
      parentId: apac.id,
      path: `/${acme.rootId}/${apac.id}/${usa.id}/`,
      depth: 2,
      version: 2,
    });
    expect(moved.ddbCommands).toEqual([
      'BatchGetItemCommand',
      'QueryCommand',
      'TransactWriteItemsCommand',
      'QueryCommand',
      'QueryCommand',
      'UpdateItemCommand',
    ]);
    const tx = await call('GET', `${units()}/${texas.id}`, { token: acme.token });
    expect(tx.body).toMatchObject({ path: `/${acme.rootId}/${apac.id}/${usa.id}/${texas.id}/`, depth: 3 });
    const tree = (await call('GET', units(), { token: acme.token })).body as { items: Node[] };
    expect(find(tree.items, americas.id)!.children).toEqual([]);
    expect(find(tree.items, apac.id)!.children.map((c) => c.id)).toEqual([usa.id]);
  });

  it('keeps the depth limit (8 below the root) on create and after a move', async () => {
    const deep = await chain(acme.rootId, ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8']);
    expect(deep.at(-1)!.depth).toBe(8);
    const tooDeep = await call('POST', units(), { token: acme.token, body: { name: 'L9', parentId: deep.at(-1)!.id } });
    expect(tooDeep.body).toMatchObject({ status: 409, code: 'unit_depth_exceeded' });

    const [branch] = await chain(acme.rootId, ['Branch', 'Leaf']);
    // Branch + Leaf under L6 ends at depth 8: allowed; under L7 it would be 9: refused
    const refused = await call('PATCH', `${units()}/${branch.id}`, {
      token: acme.token,
      body: { parentId: deep[6].id },
    });
    expect(refused.body).toMatchObject({ status: 409, code: 'unit_depth_exceeded' });
    expectStatus(
      await call('PATCH', `${units()}/${branch.id}`, { token: acme.token, body: { parentId: deep[5].id } }),
      200,
    );
  });
});

describe('deleting', () => {
  it('refuses a unit with children (409 unit_not_empty) and the root; deletes an empty one (204)', async () => {
    const [parent, child] = await chain(acme.rootId, ['Doomed', 'Child']);
    expect((await call('DELETE', `${units()}/${parent.id}`, { token: acme.token })).body).toMatchObject({
      status: 409,
      code: 'unit_not_empty',
    });
    expect((await call('DELETE', `${units()}/${acme.rootId}`, { token: acme.token })).body).toMatchObject({
      status: 409,
      code: 'root_unit',
    });
    expectStatus(
      await call('DELETE', `${units()}/${child.id}`, { token: acme.token, headers: { 'if-match': '"7"' } }),
      412,
    );

    const deleted = await call('DELETE', `${units()}/${child.id}`, {
      token: acme.token,
      headers: { 'if-match': '"1"' },
    });
    expectStatus(deleted, 204);
    expect(deleted.ddbCommands).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', 'TransactWriteItemsCommand']);
    expectStatus(await call('DELETE', `${units()}/${parent.id}`, { token: acme.token }), 204);
    expectStatus(await call('GET', `${units()}/${parent.id}`, { token: acme.token }), 404);
    const events = await call('GET', `/v1/accounts/${acme.accountId}/events?type=unit.deleted`, { token: acme.token });
    expect((events.body as { items: { details: { unitId: string } }[] }).items.map((e) => e.details.unitId)).toEqual(
      expect.arrayContaining([parent.id, child.id]),
    );
  });
});

describe('who may', () => {
  it('answers 404 for another account’s units and account, with each owner as positive control', async () => {
    const [theirs] = await chain(other.rootId, ['Theirs'], other);
    expectStatus(await call('GET', `${units()}/${theirs.id}`, { token: acme.token }), 404);
    expectStatus(await call('PATCH', `${units()}/${theirs.id}`, { token: acme.token, body: { name: 'Mine' } }), 404);
    expectStatus(await call('DELETE', `${units()}/${theirs.id}`, { token: acme.token }), 404);
    expectStatus(
      await call('POST', units(), { token: acme.token, body: { name: 'Sneaky', parentId: theirs.id } }),
      404,
    );
    expectStatus(await call('GET', units(other), { token: acme.token }), 404);
    expectStatus(await call('GET', `${units(other)}/${theirs.id}`, { token: acme.token }), 404);
    // positive controls
    expectStatus(await call('GET', `${units(other)}/${theirs.id}`, { token: other.token }), 200);
    expectStatus(await call('GET', units(), { token: acme.token }), 200);
  });

  it('refuses a regular member (403) everywhere, with the manager as positive control', async () => {
    const [unit] = await chain(acme.rootId, ['Guarded']);
    const calls: [string, string, unknown?][] = [
      ['GET', units()],
      ['POST', units(), { name: 'X', parentId: acme.rootId }],
      ['GET', `${units()}/${unit.id}`],
      ['PATCH', `${units()}/${unit.id}`, { name: 'Y' }],
      ['DELETE', `${units()}/${unit.id}`],
    ];
    for (const [method, path, body] of calls)
      expectStatus(await call(method, path, { token: member.token, body }), 403);
    expectStatus(await call('PATCH', `${units()}/${unit.id}`, { token: acme.token, body: { name: 'Y' } }), 200);
    expectStatus(await call('DELETE', `${units()}/${unit.id}`, { token: acme.token }), 204);
  });
});
