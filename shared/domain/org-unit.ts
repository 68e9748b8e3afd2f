/**
 * The organisation tree of an account. Every unit stores its materialized path — the ids from the root down to
 * itself, "/<rootId>/<childId>/" — so a subtree is a path prefix and the ancestors are read off the path.
 */
import {
  ConflictError,
  RootUnitError,
  UnitDepthExceededError,
  UnitMoveInProgressError,
  UnitNotEmptyError,
} from './errors.ts';

export interface OrgUnit {
  id: string;
  accountId: string;
  name: string;
  /** null only for the account's root unit. */
  parentId: string | null;
  path: string;
  /** Number of ancestors: the root is 0. */
  depth: number;
  /** Direct child units, kept in the same transactions that add, move or remove a child. */
  childCount: number;
  /** Members sitting in this unit (not closed), kept in the transactions that place, move or close a member. */
  memberCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A unit's depth is at most this (the root is depth 0, so a tree has at most 9 levels). */
export const MAX_UNIT_DEPTH = 8;
export const MAX_UNITS_PER_ACCOUNT = 1000;
/**
 * A move whose marker is older than this is taken for abandoned (its request died) and is completed by the next
 * structural change. Longer than the functions' 10 s timeout, so a live move is never repaired under its feet.
 */
export const MOVE_LEASE_SECONDS = 30;

/**
 * A move too big for one transaction: the moved unit is rewritten in the first transaction together with this
 * marker; its descendants follow in chunks; the marker is removed last. Until then readers reconcile with it.
 */
export interface PendingMove {
  moveId: string;
  unitId: string;
  fromPath: string;
  toPath: string;
  startedAt: string;
}

/** The account's tree as a whole: unit count (the 1,000 limit), structural revision, a pending move. */
export interface TreeState {
  unitCount: number;
  /** Moves on every create, move and delete: a move's first transaction requires the revision it planned with. */
  revision: number;
  move: PendingMove | null;
}

/** A structural write lost a race (the tree, a parent or the unit changed since it was read): read again, retry. */
export class TreeChangedError extends ConflictError {
  constructor() {
    super('The organisation tree changed meanwhile; try again');
  }
}

export const pathIds = (path: string): string[] => path.split('/').filter(Boolean);
export const isWithin = (path: string, ancestorPath: string): boolean => path.startsWith(ancestorPath);

/** The root's path is its id alone, and it never changes (the root cannot move). */
export const rootPath = (rootId: string): string => `/${rootId}/`;

export function newRootUnit(accountId: string, id: string, name: string, now: string): OrgUnit {
  return {
    id,
    accountId,
    name,
    parentId: null,
    path: rootPath(id),
    depth: 0,
    childCount: 0,
    memberCount: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

export function newChildUnit(parent: OrgUnit, id: string, name: string, now: string): OrgUnit {
  if (parent.depth + 1 > MAX_UNIT_DEPTH)
    throw new UnitDepthExceededError(`Units nest at most ${MAX_UNIT_DEPTH} levels below the root`);
  return {
    id,
    accountId: parent.accountId,
    name,
    parentId: parent.id,
    path: `${parent.path}${id}/`,
    depth: parent.depth + 1,
    childCount: 0,
    memberCount: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** A unit as it is once the pending move completes: readers apply this, so a half-done move is never visible. */
export function reconciled(unit: OrgUnit, move: PendingMove | null): OrgUnit {
  if (!move || !isWithin(unit.path, move.fromPath)) return unit;
  const path = move.toPath + unit.path.slice(move.fromPath.length);
  return { ...unit, path, depth: pathIds(path).length - 1 };
}

/**
 * Structural changes (create, move, delete) wait for a pending move: while its lease runs they are refused
 * (409, retry shortly); after it, the caller completes the abandoned move first (`'repair'`).
 */
export function pendingMoveAction(tree: TreeState, now: Date): 'none' | 'repair' {
  if (!tree.move) return 'none';
  const age = (now.getTime() - Date.parse(tree.move.startedAt)) / 1000;
  if (age < MOVE_LEASE_SECONDS)
    throw new UnitMoveInProgressError('Another move in this tree is being applied; try again in a few seconds');
  return 'repair';
}

/** What "empty" means for deletion: no child units and no members (the store checks both atomically). */
export function assertUnitEmpty(unit: OrgUnit): void {
  if (unit.parentId === null) throw new RootUnitError('The root unit cannot be deleted');
  if (unit.childCount > 0)
    throw new UnitNotEmptyError(`The unit still has ${unit.childCount} child unit(s); move or delete them first`);
  if (unit.memberCount > 0)
    throw new UnitNotEmptyError(`The unit still has ${unit.memberCount} member(s); move them first`);
}

export interface UnitNode extends OrgUnit {
  children: UnitNode[];
}

/** Nests the units (children by name, then id). Returns the top-level nodes: the root, for a whole tree. */
export function buildTree(units: OrgUnit[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { ...u, children: [] as UnitNode[] }]));
  const tops: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : tops).push(node);
  }
  const order = (a: UnitNode, b: UnitNode) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);
  for (const node of nodes.values()) node.children.sort(order);
  return tops.sort(order);
}
