/**
 * The organisation tree's operations. Account managers anywhere; admins within their scope (creating below a unit of
 * it, renaming and changing settings there; moving and deleting only below their scope units, never out of it).
 */
import { assertMayBrowse, assertUnitInReach, isAccountManager, scopePaths, scopeRoots } from '#domain/authorization.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { assertIfMatch, NotFoundError, UnitLimitReachedError } from '#domain/errors.ts';
import {
  assertUnitEmpty,
  buildTree,
  isWithin,
  pathIds,
  MAX_UNITS_PER_ACCOUNT,
  newChildUnit,
  reconciled,
  type OrgUnit,
  type TreeState,
  type UnitNode,
} from '#domain/org-unit.ts';
import type { UnitStore } from '#ports/units.ts';
import type { AccessStore } from '#ports/access.ts';
import type { OrganizationDeps } from './deps.ts';
import { assertMoveKeepsMfa, readFacts } from './access.ts';
import { retryWithoutIfMatch } from './retries.ts';
import { auditEvent } from '#domain/audit.ts';
import { moveUnit, renameUnit, settlePendingMove, visible } from './unit-moves.ts';
import { withStableTree } from './retries.ts';

type Deps = Pick<OrganizationDeps, 'units' | 'clock' | 'ids'> & { access: AccessStore };

/**
 * An admin moves a unit below one of their scope units to a parent in their scope, and never out from under an MFA
 * requirement (that would relax it, which is the account manager's). Checked on every attempt of the move, against
 * the units of the snapshot that attempt plans and writes on (its tree revision); the MFA rule reads the settings
 * layers of both places (one BatchGetItem).
 */
async function assertAdminMayMove(
  deps: { access: AccessStore },
  caller: MemberCaller,
  units: ReadonlyMap<string, OrgUnit>,
  unitId: string,
  parentId: string,
): Promise<void> {
  const [unit, parent] = [units.get(unitId), units.get(parentId)];
  if (!unit || !parent) throw new NotFoundError('No such unit in this account');
  const facts = { units };
  assertUnitInReach(caller, facts, unitId, { strict: true });
  assertUnitInReach(caller, facts, parentId);
  await assertMoveKeepsMfa(deps, caller, pathIds(unit.path), [...pathIds(parent.path), unitId]);
}

/**
 * A unit the caller may act on, as readers see it (a pending move applied), with the tree state: ONE read for
 * everyone — an account manager's BatchGetItem of unit and tree, an admin's of unit, tree and scope (`strict`: below
 * one of their scope units, not one of those itself). Unknown: 404; outside the scope: 403.
 */
export async function reachableUnit(
  deps: Pick<Deps, 'access'> & { units: Pick<UnitStore, 'getWithTree'> },
  caller: MemberCaller,
  unitId: string,
  options: { strict?: boolean } = {},
): Promise<{ unit: OrgUnit; tree: TreeState }> {
  if (isAccountManager(caller)) {
    const { unit, tree } = await deps.units.getWithTree(caller.membership.accountId, unitId);
    if (!unit) throw new NotFoundError('No such unit in this account');
    return { unit: visible(unit, tree), tree };
  }
  assertMayBrowse(caller);
  const facts = await readFacts(deps, caller, { unitIds: [unitId] });
  const unit = facts.units.get(unitId);
  if (!unit) throw new NotFoundError('No such unit in this account');
  assertUnitInReach(caller, facts, unitId, options);
  return { unit, tree: facts.tree };
}

export async function createUnit(
  deps: Omit<Deps, 'units'> & { units: Omit<UnitStore, 'move' | 'rename' | 'delete'> },
  caller: MemberCaller,
  input: { name: string; parentId: string },
): Promise<OrgUnit> {
  const accountId = caller.membership.accountId;
  return withStableTree(async () => {
    // a pending move is settled first (below), so the parent as read is the parent as stored
    const { unit: parent, tree } = await reachableUnit(deps, caller, input.parentId);
    await settlePendingMove(deps, accountId, tree);
    if (tree.unitCount >= MAX_UNITS_PER_ACCOUNT)
      throw new UnitLimitReachedError(`An account has at most ${MAX_UNITS_PER_ACCOUNT} units`);
    const now = deps.clock.now().toISOString();
    const unit = newChildUnit(parent, deps.ids.next(), input.name, now);
    const event = auditEvent(deps.ids, {
      accountId,
      type: 'unit.created',
      at: now,
      actor: actorOf(caller),
      target: {},
      unitPath: unit.path,
      details: { unitId: unit.id, name: unit.name, parentId: parent.id },
    });
    await deps.units.create(unit, parent, event);
    return unit;
  });
}

/** The whole tree from one Query, a pending move applied. Top-level nodes: the root, or an admin's scope units. */
export async function listUnits(
  deps: { units: Pick<UnitStore, 'snapshot'> },
  caller: MemberCaller,
): Promise<UnitNode[]> {
  assertMayBrowse(caller);
  const { tree, units } = await deps.units.snapshot(caller.membership.accountId);
  const all = units.map((u) => reconciled(u, tree.move));
  if (isAccountManager(caller)) return buildTree(all);
  const roots = scopeRoots(scopePaths(caller, { units: new Map(all.map((u) => [u.id, u])) }));
  return buildTree(all.filter((u) => roots.some((p) => isWithin(u.path, p))));
}

export async function getUnit(
  deps: Pick<Deps, 'access'> & { units: Pick<UnitStore, 'getWithTree'> },
  caller: MemberCaller,
  unitId: string,
): Promise<OrgUnit> {
  return (await reachableUnit(deps, caller, unitId)).unit;
}

/** PATCH: `name` renames; a `parentId` other than the current parent moves the unit with its subtree. */
export async function updateUnit(
  deps: Omit<Deps, 'units'> & { units: Omit<UnitStore, 'create' | 'delete'> },
  caller: MemberCaller,
  unitId: string,
  input: { name?: string; parentId?: string },
  ifMatch?: number,
): Promise<OrgUnit> {
  // a move plans from the whole tree anyway (and renames instead when the parent stays the same)
  const { parentId, name } = input;
  if (parentId !== undefined) {
    if (isAccountManager(caller)) return moveUnit(deps, caller, unitId, { parentId, name }, ifMatch);
    assertMayBrowse(caller);
    // every attempt re-checks the admin against the units it plans from (a retry after a concurrent move included)
    const authorize = (units: ReadonlyMap<string, OrgUnit>) =>
      assertAdminMayMove(deps, caller, units, unitId, parentId);
    return moveUnit(deps, caller, unitId, { parentId, name }, ifMatch, authorize);
  }
  // an admin's rename holds only on the unit's place their scope was checked on (a concurrent move: read again)
  return withStableTree(() =>
    retryWithoutIfMatch(ifMatch, async () => {
      const { unit, tree } = await reachableUnit(deps, caller, unitId);
      assertIfMatch(ifMatch, unit.version);
      if (name === undefined) return unit;
      return renameUnit(
        deps,
        caller,
        unit,
        name,
        isAccountManager(caller) ? undefined : { moveId: tree.move?.moveId ?? null },
      );
    }),
  );
}

/** Only an empty unit (no child units, no members) other than the root; `409 unit_not_empty` otherwise. */
export async function deleteUnit(
  deps: Omit<Deps, 'units'> & { units: Omit<UnitStore, 'move'> },
  caller: MemberCaller,
  unitId: string,
  ifMatch?: number,
): Promise<void> {
  const accountId = caller.membership.accountId;
  await withStableTree(async () => {
    const { unit, tree } = await reachableUnit(deps, caller, unitId, { strict: true });
    await settlePendingMove(deps, accountId, tree);
    assertIfMatch(ifMatch, unit.version);
    assertUnitEmpty(unit);
    const now = deps.clock.now().toISOString();
    const event = auditEvent(deps.ids, {
      accountId,
      type: 'unit.deleted',
      at: now,
      actor: actorOf(caller),
      target: {},
      unitPath: unit.path,
      details: { unitId, name: unit.name, parentId: unit.parentId },
    });
    await deps.units.delete(unit, unit.version, event);
  });
}
