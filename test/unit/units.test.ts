import { describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  RootUnitError,
  UnitCycleError,
  UnitLimitReachedError,
  UnitMoveInProgressError,
  UnitNotEmptyError,
} from '#domain/errors.ts';
import { MAX_UNITS_PER_ACCOUNT, MOVE_LEASE_SECONDS, pathIds } from '#domain/org-unit.ts';
import { createUnit, deleteUnit, getUnit, listUnits, updateUnit } from '#use-cases/units.ts';
import { orgWorld } from '../builders/memory.ts';

describe('creating and reading the tree', () => {
  it('creates the root with the account, in the same write, and children under it', async () => {
    const w = await orgWorld();
    expect(w.unit(w.rootId)).toMatchObject({ parentId: null, path: `/${w.rootId}/`, depth: 0, name: 'Acme' });
    expect(w.dir.events[0]).toMatchObject({ type: 'account.created', details: { rootUnitId: w.rootId } });

    const [emea, berlin] = await w.chain(w.rootId, ['EMEA', 'Berlin']);
    expect(berlin).toMatchObject({
      parentId: emea.id,
      path: `/${w.rootId}/${emea.id}/${berlin.id}/`,
      depth: 2,
      version: 1,
    });
    expect(w.unit(emea.id).childCount).toBe(1);
    const [root] = await listUnits(w.org, w.manager());
    expect(root.children.map((c) => c.name)).toEqual(['EMEA']);
    expect(root.children[0].children[0]).toMatchObject({ id: berlin.id, children: [] });
    expect(w.eventTypes().filter((t) => t.startsWith('unit.'))).toEqual(['unit.created', 'unit.created']);
  });

  it('refuses a regular user (403), with the manager as positive control', async () => {
    const w = await orgWorld();
    const { caller } = await w.member('max@acme.test');
    await expect(createUnit(w.org, caller(), { name: 'Sales', parentId: w.rootId })).rejects.toThrow(ForbiddenError);
    await expect(listUnits(w.org, caller())).rejects.toThrow(ForbiddenError);
    await expect(createUnit(w.org, w.manager(), { name: 'Sales', parentId: w.rootId })).resolves.toMatchObject({
      name: 'Sales',
    });
  });

  it('answers 404 for another account’s units, with the owning manager as positive control', async () => {
    const w = await orgWorld();
    const other = await w.secondAccount('Other', 'other@other.test');
    const theirs = await createUnit(w.org, other.manager(), { name: 'Theirs', parentId: other.account.rootUnitId! });
    await expect(getUnit(w.org, w.manager(), theirs.id)).rejects.toThrow(NotFoundError);
    await expect(createUnit(w.org, w.manager(), { name: 'Mine', parentId: theirs.id })).rejects.toThrow(NotFoundError);
    await expect(getUnit(w.org, other.manager(), theirs.id)).resolves.toMatchObject({ id: theirs.id });
  });

  it(`stops at ${MAX_UNITS_PER_ACCOUNT} units per account`, async () => {
    const w = await orgWorld();
    w.dir.orgTrees.set(w.account.id, { ...w.dir.orgTrees.get(w.account.id)!, unitCount: MAX_UNITS_PER_ACCOUNT - 1 });
    await createUnit(w.org, w.manager(), { name: 'Last', parentId: w.rootId });
    await expect(createUnit(w.org, w.manager(), { name: 'One too many', parentId: w.rootId })).rejects.toThrow(
      UnitLimitReachedError,
    );
  });
});

describe('renaming and moving', () => {
  it('renames with If-Match and refuses a stale one (412), changing nothing', async () => {
    const w = await orgWorld();
    const [sales] = await w.chain(w.rootId, ['Sales']);
    await expect(updateUnit(w.org, w.manager(), sales.id, { name: 'Revenue' }, 2)).rejects.toThrow(
      PreconditionFailedError,
    );
    expect(w.unit(sales.id).name).toBe('Sales');
    expect(await updateUnit(w.org, w.manager(), sales.id, { name: 'Revenue' }, 1)).toMatchObject({
      name: 'Revenue',
      version: 2,
    });
    expect(w.eventTypes()).toContain('unit.renamed');
  });

  it('moves a small subtree’s units in one transaction (with the marker that holds members out); children follow', async () => {
    const w = await orgWorld();
    w.memory.limits.inlineRewrites = 10;
    const [emea, berlin, mitte] = await w.chain(w.rootId, ['EMEA', 'Berlin', 'Mitte']);
    const [apac] = await w.chain(w.rootId, ['APAC']);
    const moved = await updateUnit(w.org, w.manager(), berlin.id, { parentId: apac.id });
    expect(moved).toMatchObject({
      parentId: apac.id,
      path: `/${w.rootId}/${apac.id}/${berlin.id}/`,
      depth: 2,
      version: 2,
    });
    expect(w.unit(mitte.id).path).toBe(`${moved.path}${mitte.id}/`);
    expect([w.unit(emea.id).childCount, w.unit(apac.id).childCount]).toEqual([0, 1]);
    expect(w.memory.calls.filter((c) => c.startsWith('move') || c.startsWith('rewrite') || c === 'finish')).toEqual([
      'move:marker',
      'finish',
    ]);
    expect(w.dir.orgTrees.get(w.account.id)?.move).toBeNull();
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'unit.moved',
      details: { unitId: berlin.id, fromParentId: emea.id, toParentId: apac.id, descendants: 1 },
    });
  });

  it('refuses a cycle with unit_cycle and the root move with root_unit, changing nothing', async () => {
    const w = await orgWorld();
    const [emea, berlin] = await w.chain(w.rootId, ['EMEA', 'Berlin']);
    await expect(updateUnit(w.org, w.manager(), emea.id, { parentId: berlin.id })).rejects.toThrow(UnitCycleError);
    await expect(updateUnit(w.org, w.manager(), w.rootId, { parentId: emea.id })).rejects.toThrow(RootUnitError);
    expect(w.unit(emea.id).path).toBe(`/${w.rootId}/${emea.id}/`);
  });

  it('moves a big subtree in chunks behind a marker, and removes the marker at the end', async () => {
    const w = await orgWorld();
    const [a] = await w.chain(w.rootId, ['A']);
    const [b] = await w.chain(w.rootId, ['B']);
    const kids = await w.children(a.id, 5);
    await updateUnit(w.org, w.manager(), a.id, { parentId: b.id });
    // two ride in the first transaction (the fake's limit), three follow in chunks of two
    expect(w.memory.calls.slice(-4)).toEqual(['move:marker', 'rewrite:2', 'rewrite:1', 'finish']);
    for (const k of kids) expect(w.unit(k.id).path).toBe(`/${w.rootId}/${b.id}/${a.id}/${k.id}/`);
    expect(w.dir.orgTrees.get(w.account.id)!.move).toBeNull();
  });
});

describe('a move that dies half-way', () => {
  async function halfMoved() {
    const w = await orgWorld();
    const [a] = await w.chain(w.rootId, ['A']);
    const [b] = await w.chain(w.rootId, ['B']);
    const kids = await w.children(a.id, 5);
    w.memory.faults.failRewriteChunk = 2;
    // the move is committed by its first transaction; the failed bookkeeping is logged, not an error
    const moved = await updateUnit(w.org, w.manager(), a.id, { parentId: b.id });
    w.memory.faults = {};
    return { w, a, b, kids, moved };
  }

  it('is invisible to readers: every unit shows its new place while the marker stands', async () => {
    const { w, a, b, kids, moved } = await halfMoved();
    expect(w.dir.orgTrees.get(w.account.id)!.move).not.toBeNull();
    const stale = kids.filter((k) => w.unit(k.id).path.startsWith(`/${w.rootId}/${a.id}/`));
    expect(stale.length).toBeGreaterThan(0);
    const [root] = await listUnits(w.org, w.manager());
    const bNode = root.children.find((c) => c.id === b.id)!;
    expect(bNode.children[0].children.map((k) => k.path).sort()).toEqual(
      kids.map((k) => `${moved.path}${k.id}/`).sort(),
    );
    expect((await getUnit(w.org, w.manager(), stale[0].id)).path).toBe(`${moved.path}${stale[0].id}/`);
  });

  it('holds structural changes while the lease runs, then the next one completes the move first', async () => {
    const { w, kids, moved } = await halfMoved();
    await expect(createUnit(w.org, w.manager(), { name: 'New', parentId: w.rootId })).rejects.toThrow(
      UnitMoveInProgressError,
    );
    // positive control: a rename is not structural and goes ahead meanwhile
    await expect(updateUnit(w.org, w.manager(), kids[4].id, { name: 'Renamed' })).resolves.toMatchObject({
      name: 'Renamed',
      path: `${moved.path}${kids[4].id}/`,
    });

    w.clock.advance(MOVE_LEASE_SECONDS);
    const created = await createUnit(w.org, w.manager(), { name: 'New', parentId: kids[0].id });
    expect(w.dir.orgTrees.get(w.account.id)!.move).toBeNull();
    for (const k of kids) expect(w.unit(k.id).path).toBe(`${moved.path}${k.id}/`);
    expect(created.path).toBe(`${moved.path}${kids[0].id}/${created.id}/`);
    expect(pathIds(created.path)).toHaveLength(created.depth + 1);
  });
});

describe('deleting', () => {
  it('refuses a unit with children (unit_not_empty) and the root; deletes an empty leaf with its settings', async () => {
    const w = await orgWorld();
    const [emea, berlin] = await w.chain(w.rootId, ['EMEA', 'Berlin']);
    await expect(deleteUnit(w.org, w.manager(), emea.id)).rejects.toThrow(UnitNotEmptyError);
    await expect(deleteUnit(w.org, w.manager(), w.rootId)).rejects.toThrow(RootUnitError);
    await expect(deleteUnit(w.org, w.manager(), berlin.id, 7)).rejects.toThrow(PreconditionFailedError);
    w.dir.unitSettings.set(`${w.account.id}/${berlin.id}`, { overrides: { language: 'de' }, version: 1 });

    await deleteUnit(w.org, w.manager(), berlin.id, 1);
    expect(w.unit(berlin.id)).toBeUndefined();
    expect(w.dir.unitSettings.has(`${w.account.id}/${berlin.id}`)).toBe(false);
    expect(w.unit(emea.id).childCount).toBe(0);
    await deleteUnit(w.org, w.manager(), emea.id);
    expect(w.dir.orgTrees.get(w.account.id)!.unitCount).toBe(1);
    expect(w.eventTypes().filter((t) => t === 'unit.deleted')).toHaveLength(2);
  });
});
