/** Moving a unit moves its subtree: the rules (root, cycle, depth) and the path rewrites a move needs. */
import { NotFoundError, RootUnitError, UnitCycleError, UnitDepthExceededError } from './errors.ts';
import { isWithin, MAX_UNIT_DEPTH, pathIds, type OrgUnit, type PendingMove } from './org-unit.ts';

/** One descendant's new place: written with the condition that its path is still `fromPath`. */
export interface PathRewrite {
  unitId: string;
  fromPath: string;
  toPath: string;
  depth: number;
}

export interface MovePlan {
  unit: OrgUnit;
  from: OrgUnit;
  to: OrgUnit;
  toPath: string;
  /** The moved unit's descendants, each with its new path. */
  rewrites: PathRewrite[];
}

const rewrite = (unit: OrgUnit, fromPrefix: string, toPrefix: string): PathRewrite => {
  const toPath = toPrefix + unit.path.slice(fromPrefix.length);
  return { unitId: unit.id, fromPath: unit.path, toPath, depth: pathIds(toPath).length - 1 };
};

/**
 * Plans moving `unitId` under `newParentId`, from a complete, reconciled snapshot of the account's units.
 * Refuses the root (409 root_unit), a parent inside the moved subtree (409 unit_cycle), and a result deeper than
 * MAX_UNIT_DEPTH anywhere in the subtree (409 unit_depth_exceeded).
 */
export function planMove(units: OrgUnit[], unitId: string, newParentId: string): MovePlan {
  const byId = new Map(units.map((u) => [u.id, u]));
  const unit = byId.get(unitId);
  if (!unit) throw new NotFoundError('No such unit in this account');
  const to = byId.get(newParentId);
  if (!to) throw new NotFoundError('No such parent unit in this account');
  if (unit.parentId === null) throw new RootUnitError('The root unit cannot be moved');
  if (isWithin(to.path, unit.path))
    throw new UnitCycleError(
      to.id === unit.id ? 'A unit cannot be its own parent' : 'The new parent is inside the unit being moved',
    );
  const from = byId.get(unit.parentId);
  if (!from) throw new NotFoundError('The unit’s parent is missing');

  const descendants = units.filter((u) => u.id !== unit.id && isWithin(u.path, unit.path));
  const subtreeHeight = Math.max(0, ...descendants.map((d) => d.depth - unit.depth));
  if (to.depth + 1 + subtreeHeight > MAX_UNIT_DEPTH) {
    throw new UnitDepthExceededError(
      `After this move the subtree would reach depth ${to.depth + 1 + subtreeHeight}; at most ${MAX_UNIT_DEPTH} levels below the root`,
    );
  }
  const toPath = `${to.path}${unit.id}/`;
  return { unit, from, to, toPath, rewrites: descendants.map((d) => rewrite(d, unit.path, toPath)) };
}

/** What is still to do of a pending move: the units whose stored path still lies under its old place. */
export function outstandingRewrites(units: OrgUnit[], move: PendingMove): PathRewrite[] {
  return units.filter((u) => isWithin(u.path, move.fromPath)).map((u) => rewrite(u, move.fromPath, move.toPath));
}

export function chunked<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
