import { describe, expect, it } from 'vitest';
import {
  NotFoundError,
  RootUnitError,
  UnitCycleError,
  UnitDepthExceededError,
  UnitMoveInProgressError,
  UnitNotEmptyError,
} from '#domain/errors.ts';
import {
  assertUnitEmpty,
  buildTree,
  MAX_UNIT_DEPTH,
  MOVE_LEASE_SECONDS,
  newChildUnit,
  newRootUnit,
  pathIds,
  pendingMoveAction,
  reconciled,
  type OrgUnit,
  type PendingMove,
} from '#domain/org-unit.ts';
import { chunked, outstandingRewrites, planMove } from '#domain/org-unit-move.ts';

const NOW = '2026-11-22T08:00:00.000Z';

/** A tree from a parent map: { id: parentId }, the root first. */
function tree(parents: Record<string, string | null>): OrgUnit[] {
  const units = new Map<string, OrgUnit>();
  for (const [id, parentId] of Object.entries(parents)) {
    const unit = parentId === null ? newRootUnit('a1', id, id, NOW) : newChildUnit(units.get(parentId)!, id, id, NOW);
    units.set(id, unit);
    if (parentId !== null)
      units.set(parentId, { ...units.get(parentId)!, childCount: units.get(parentId)!.childCount + 1 });
  }
  return [...units.values()];
}
const byId = (units: OrgUnit[], id: string) => units.find((u) => u.id === id)!;

describe('paths and depth', () => {
  it('materializes the ids from the root down to the unit, and the depth as the number of ancestors', () => {
    const units = tree({ r: null, a: 'r', b: 'a' });
    expect(byId(units, 'r')).toMatchObject({ path: '/r/', depth: 0, parentId: null });
    expect(byId(units, 'b')).toMatchObject({ path: '/r/a/b/', depth: 2, parentId: 'a' });
    expect(pathIds(byId(units, 'b').path)).toEqual(['r', 'a', 'b']);
  });

  it(`allows a child at depth ${MAX_UNIT_DEPTH} and refuses one below it`, () => {
    const chain: Record<string, string | null> = { u0: null };
    for (let i = 1; i <= MAX_UNIT_DEPTH; i++) chain[`u${i}`] = `u${i - 1}`;
    const units = tree(chain);
    expect(byId(units, `u${MAX_UNIT_DEPTH}`).depth).toBe(MAX_UNIT_DEPTH);
    expect(() => newChildUnit(byId(units, `u${MAX_UNIT_DEPTH}`), 'deep', 'deep', NOW)).toThrow(UnitDepthExceededError);
  });
});

describe('planning a move', () => {
  const units = tree({ r: null, a: 'r', a1: 'a', a2: 'a', a11: 'a1', b: 'r' });

  it('moves the subtree: new paths for every descendant, depths recomputed', () => {
    const plan = planMove(units, 'a1', 'b');
    expect(plan.toPath).toBe('/r/b/a1/');
    expect(plan.from.id).toBe('a');
    expect(plan.rewrites).toEqual([{ unitId: 'a11', fromPath: '/r/a/a1/a11/', toPath: '/r/b/a1/a11/', depth: 3 }]);
  });

  it.each([
    ['under itself', 'a', 'a'],
    ['under its child', 'a', 'a1'],
    ['under a deeper descendant', 'a', 'a11'],
  ])('refuses a cycle: %s', (_name, unitId, parentId) => {
    expect(() => planMove(units, unitId, parentId)).toThrow(UnitCycleError);
  });

  it('positive control: the same unit may move under a sibling subtree', () => {
    expect(planMove(units, 'a', 'b').toPath).toBe('/r/b/a/');
  });

  it('refuses to move the root, and unknown units or parents (404)', () => {
    expect(() => planMove(units, 'r', 'b')).toThrow(RootUnitError);
    expect(() => planMove(units, 'nope', 'b')).toThrow(NotFoundError);
    expect(() => planMove(units, 'a', 'nope')).toThrow(NotFoundError);
  });

  it('enforces the depth limit on the deepest descendant after the move', () => {
    const chain: Record<string, string | null> = { r: null, x: 'r' };
    for (let i = 1; i < MAX_UNIT_DEPTH; i++) chain[`d${i}`] = i === 1 ? 'r' : `d${i - 1}`;
    const deep = tree({ ...chain, s: 'x', s1: 's' });
    // s (depth 2) has a child: under d6 (depth 6) the child would sit at 8 — allowed; under d7 at 9 — refused
    expect(planMove(deep, 's', `d${MAX_UNIT_DEPTH - 2}`).rewrites[0].depth).toBe(MAX_UNIT_DEPTH);
    expect(() => planMove(deep, 's', `d${MAX_UNIT_DEPTH - 1}`)).toThrow(UnitDepthExceededError);
  });
});

describe('a pending move', () => {
  const move: PendingMove = { moveId: 'm1', unitId: 'a1', fromPath: '/r/a/a1/', toPath: '/r/b/a1/', startedAt: NOW };
  const halfDone = tree({ r: null, a: 'r', a1: 'a', a11: 'a1', a12: 'a1', b: 'r' }).map((u) =>
    u.id === 'a1' ? { ...u, parentId: 'b', path: '/r/b/a1/', depth: 2 } : u,
  );

  it('is applied by readers: a not-yet-rewritten descendant shows its new place', () => {
    expect(reconciled(byId(halfDone, 'a11'), move)).toMatchObject({ path: '/r/b/a1/a11/', depth: 3 });
    expect(reconciled(byId(halfDone, 'a'), move)).toEqual(byId(halfDone, 'a'));
    expect(reconciled(byId(halfDone, 'a1'), move).path).toBe('/r/b/a1/');
  });

  it('lists exactly the rewrites still outstanding', () => {
    expect(
      outstandingRewrites(halfDone, move)
        .map((r) => r.unitId)
        .sort(),
    ).toEqual(['a11', 'a12']);
  });

  it('blocks structural changes while its lease runs, then asks for a repair (moved clock)', () => {
    const state = { unitCount: 6, revision: 9, move };
    expect(pendingMoveAction({ ...state, move: null }, new Date(NOW))).toBe('none');
    expect(() => pendingMoveAction(state, new Date(Date.parse(NOW) + (MOVE_LEASE_SECONDS - 1) * 1000))).toThrow(
      UnitMoveInProgressError,
    );
    expect(pendingMoveAction(state, new Date(Date.parse(NOW) + MOVE_LEASE_SECONDS * 1000))).toBe('repair');
  });
});

describe('deletion and the tree', () => {
  it('refuses the root and a unit with children; accepts an empty leaf', () => {
    const units = tree({ r: null, a: 'r', a1: 'a' });
    expect(() => assertUnitEmpty(byId(units, 'r'))).toThrow(RootUnitError);
    expect(() => assertUnitEmpty(byId(units, 'a'))).toThrow(UnitNotEmptyError);
    expect(() => assertUnitEmpty(byId(units, 'a1'))).not.toThrow();
  });

  it('nests units under their parents, children by name', () => {
    const units = tree({ r: null, zeta: 'r', alpha: 'r', inner: 'zeta' });
    const [root] = buildTree(units);
    expect(root.id).toBe('r');
    expect(root.children.map((c) => c.id)).toEqual(['alpha', 'zeta']);
    expect(root.children[1].children.map((c) => c.id)).toEqual(['inner']);
  });

  it('chunks lists for transactions', () => {
    expect(chunked([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
