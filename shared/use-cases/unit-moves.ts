/**
 * Moving a subtree, and keeping the tree consistent when a move dies half-way (docs/design/organisation.md,
 * "Moving a subtree"). Every move writes a marker in its first transaction (with the moved unit, the parents' child
 * counts, the event and as many descendants as fit: from then on the move has happened), rewrites the remaining
 * descendants and the members in chunks, and removes the marker. Readers apply the marker (`reconciled`), so nobody
 * sees a half-moved subtree; structural writes wait for it, and once its lease has run out the next one completes it.
 */
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { assertIfMatch } from '#domain/errors.ts';
import {
  pendingMoveAction,
  reconciled,
  TreeChangedError,
  type OrgUnit,
  type PendingMove,
  type TreeState,
} from '#domain/org-unit.ts';
import { chunked, outstandingRewrites, planMove, type PathRewrite } from '#domain/org-unit-move.ts';
import { logger } from '#observability/logger.ts';
import type { MoveRepairStore, ScopedAt, UnitStore } from '#ports/units.ts';
import type { OrganizationDeps } from './deps.ts';
import { auditEvent } from '#domain/audit.ts';
import { withStableTree } from './retries.ts';

/** A move or rename never creates or deletes a unit: `unitUpdates` (the store without those) serves it. */
type Deps = Pick<OrganizationDeps, 'clock' | 'ids'> & { units: Omit<UnitStore, 'create' | 'delete'> };
type RepairDeps = { units: MoveRepairStore; clock: Deps['clock']; ids: Deps['ids'] };

/**
 * Writes a pending move's outstanding unit rewrites chunk by chunk, then the path copies of the members of the moved
 * subtree (found on the members-by-path index under the old path; a second pass catches a member the index showed
 * late), then removes its marker. Safe to run twice; while the marker is on, no member enters the tree.
 */
export async function completeMove(
  deps: RepairDeps,
  accountId: string,
  move: PendingMove,
  rewrites: PathRewrite[],
): Promise<void> {
  const at = deps.clock.now().toISOString();
  for (const chunk of chunked(rewrites, deps.units.limits.rewritesPerChunk))
    await deps.units.rewritePaths(accountId, move.moveId, chunk, at);
  for (let pass = 0; pass < 2; pass++) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await deps.units.membersUnder(accountId, move.fromPath, start);
      const members = page.members.map((m) => ({
        userId: m.userId,
        username: m.username,
        fromPath: m.unitPath,
        toPath: move.toPath + m.unitPath.slice(move.fromPath.length),
      }));
      const chunks = chunked(members, deps.units.limits.memberRewritesPerChunk);
      for (let i = 0; i < chunks.length; i += MEMBER_CHUNKS_IN_PARALLEL) {
        await Promise.all(
          chunks
            .slice(i, i + MEMBER_CHUNKS_IN_PARALLEL)
            .map((chunk) => deps.units.rewriteMemberPaths(accountId, move.moveId, chunk, at)),
        );
      }
      start = page.next;
    } while (start);
  }
  await deps.units.finishMove(accountId, move.moveId);
}

/** Member rewrites share one index partition per account: a few transactions at a time, not hundreds. */
const MEMBER_CHUNKS_IN_PARALLEL = 4;

/**
 * Before a structural change: nothing pending goes ahead; a live move answers 409 unit_move_in_progress; an
 * abandoned one is completed from a fresh snapshot, and the change is then planned again (TreeChangedError).
 */
export async function settlePendingMove(
  deps: RepairDeps,
  accountId: string,
  tree: TreeState,
  units?: OrgUnit[],
): Promise<void> {
  if (pendingMoveAction(tree, deps.clock.now()) === 'none') return;
  const move = tree.move!;
  const current = units ?? (await deps.units.snapshot(accountId)).units;
  logger.warn('completing an abandoned unit move', { accountId, moveId: move.moveId, unitId: move.unitId });
  await completeMove(deps, accountId, move, outstandingRewrites(current, move));
  throw new TreeChangedError();
}

/** PATCH { parentId } (with or without a new name): one request, one event per kind of change. */
export async function moveUnit(
  deps: Deps,
  caller: MemberCaller,
  unitId: string,
  input: { parentId: string; name?: string },
  ifMatch?: number,
  authorize?: (units: ReadonlyMap<string, OrgUnit>) => Promise<void>,
): Promise<OrgUnit> {
  const accountId = caller.membership.accountId;
  return withStableTree(async () => {
    const { tree, units } = await deps.units.snapshot(accountId);
    await settlePendingMove(deps, accountId, tree, units);
    // a caller below the account manager is checked against this snapshot, on every attempt: the write below holds
    // only at this tree revision, so a concurrent move sends the attempt (and the check) round again
    if (authorize) await authorize(new Map(units.map((u) => [u.id, u])));
    const plan = planMove(units, unitId, input.parentId);
    const { unit, from, to, toPath } = plan;
    assertIfMatch(ifMatch, unit.version);
    // the parent stays (asked for it, or a concurrent move already did it): only the name can change
    if (to.id === from.id)
      return input.name === undefined
        ? unit
        : renameUnit(deps, caller, unit, input.name, authorize ? { moveId: tree.move?.moveId ?? null } : undefined);

    const now = deps.clock.now().toISOString();
    const name = input.name ?? unit.name;
    const moved: OrgUnit = {
      ...unit,
      name,
      parentId: to.id,
      path: toPath,
      depth: to.depth + 1,
      version: unit.version + 1,
      updatedAt: now,
    };
    const actor = actorOf(caller);
    const events = [
      auditEvent(deps.ids, {
        accountId,
        type: 'unit.moved',
        at: now,
        actor,
        target: {},
        unitPath: toPath,
        details: { unitId, fromParentId: from.id, toParentId: to.id, descendants: plan.rewrites.length },
      }),
    ];
    if (name !== unit.name)
      events.push(
        auditEvent(deps.ids, {
          accountId,
          type: 'unit.renamed',
          at: now,
          actor,
          target: {},
          unitPath: toPath,
          details: { unitId, from: unit.name, to: name },
        }),
      );

    // as many descendants as fit ride in the first transaction, with the marker: the members' path copies (and any
    // descendants left) follow in later transactions, and while the marker is on no member enters the tree
    const inline = plan.rewrites.slice(0, deps.units.limits.inlineRewrites);
    const rest = plan.rewrites.slice(inline.length);
    const marker: PendingMove = { moveId: deps.ids.next(), unitId, fromPath: unit.path, toPath, startedAt: now };
    await deps.units.move({
      unit: moved,
      expectedVersion: unit.version,
      fromPath: unit.path,
      fromParentId: from.id,
      to,
      revision: tree.revision,
      inline,
      marker,
      events,
      at: now,
    });
    // the move is committed; the rest is bookkeeping that readers of units already account for (reconciled), so a
    // failure is logged and left to the next structural change, not turned into an error for a done move
    await completeMove(deps, accountId, marker, rest).catch((error: Error) => {
      logger.error('unit move left pending', { accountId, moveId: marker.moveId, error: error.name });
    });
    return moved;
  });
}

/**
 * A rename (no structural change: no tree revision, allowed during a move). Nothing changes for the same name.
 * `scoped`: the caller's scope was checked on the unit's place, which must still be it (an admin's rename).
 */
export async function renameUnit(
  deps: Deps,
  caller: MemberCaller,
  unit: OrgUnit,
  name: string,
  scoped?: ScopedAt,
): Promise<OrgUnit> {
  if (name === unit.name) return unit;
  const now = deps.clock.now().toISOString();
  const next: OrgUnit = { ...unit, name, version: unit.version + 1, updatedAt: now };
  const event = auditEvent(deps.ids, {
    accountId: unit.accountId,
    type: 'unit.renamed',
    at: now,
    actor: actorOf(caller),
    target: {},
    unitPath: unit.path,
    details: { unitId: unit.id, from: unit.name, to: name },
  });
  await deps.units.rename(next, unit.version, event, scoped);
  return next;
}

/** The unit as readers see it: with a pending move applied. */
export const visible = (unit: OrgUnit, tree: TreeState): OrgUnit => reconciled(unit, tree.move);

/**
 * A member placement refused because a move holds the tree: an abandoned move (past its lease) is completed here and
 * the placement tried again (TreeChangedError); a live one keeps the 409; one that finished meanwhile: try again.
 */
export async function settleAfterRefusedPlacement(deps: RepairDeps, accountId: string): Promise<never> {
  const { tree, units } = await deps.units.snapshot(accountId);
  await settlePendingMove(deps, accountId, tree, units);
  throw new TreeChangedError();
}
