/**
 * The one read behind every scope decision: after the membership check, at most ONE more round trip —
 * a consistent BatchGetItem of the tree item, the caller's scope units, the target's unit (and scope), the
 * delegation (target, caller) and, when asked, the settings layers of a unit path. Account managers are allowed
 * everything from the membership alone and read only what the operation itself needs.
 */
import { isAccountManager, type AccessFacts } from '#domain/authorization.ts';
import type { MemberCaller } from '#domain/caller.ts';
import { ForbiddenError, NotFoundError } from '#domain/errors.ts';
import { mfaAlong } from '#domain/settings.ts';
import type { User } from '#domain/user.ts';
import type { AccessRead, AccessStore } from '#ports/access.ts';

export type Facts = AccessFacts & AccessRead;
export interface AccessDeps {
  access: AccessStore;
}

const NOTHING: Facts = {
  tree: { unitCount: 0, revision: 0, move: null },
  units: new Map(),
  delegate: false,
  unitSettings: new Map(),
};

export interface FactsNeed {
  /** The member the decision is about. */
  target?: Pick<User, 'id' | 'role' | 'unitId' | 'adminUnitIds'>;
  /** Further units the operation names (a placement, a scope to grant, a unit to change). */
  unitIds?: (string | undefined)[];
  /** Units whose settings overrides to read too. */
  settingsOf?: string[];
}

export async function readFacts(deps: AccessDeps, caller: MemberCaller, need: FactsNeed): Promise<Facts> {
  const unitIds = need.unitIds?.filter((id): id is string => Boolean(id)) ?? [];
  let delegation: { userId: string; delegateUserId: string } | undefined;
  if (!isAccountManager(caller)) {
    unitIds.push(...caller.membership.adminUnitIds);
    if (need.target) {
      unitIds.push(need.target.unitId, ...need.target.adminUnitIds);
      if (need.target.id !== caller.membership.userId)
        delegation = { userId: need.target.id, delegateUserId: caller.membership.userId };
    }
  }
  const settingsOf = need.settingsOf ?? [];
  if (unitIds.length === 0 && settingsOf.length === 0 && !delegation) return NOTHING;
  return deps.access.read(caller.membership.accountId, { unitIds: [...new Set(unitIds)], delegation, settingsOf });
}

/** A unit the request names must exist in this account (404 otherwise, like any foreign id). */
export function unitNamed(facts: Pick<Facts, 'units'>, unitId: string) {
  const unit = facts.units.get(unitId);
  if (!unit) throw new NotFoundError(`No unit ${unitId} in this account`);
  return unit;
}

/**
 * Lifting an MFA requirement is the account manager's: a move by anyone else must not take a member (or a unit) from
 * a path that requires MFA to one that does not. One read: the settings layers of both paths.
 */
export async function assertMoveKeepsMfa(
  deps: AccessDeps,
  caller: MemberCaller,
  before: string[],
  after: string[],
): Promise<void> {
  const { unitSettings } = await readFacts(deps, caller, { settingsOf: [...new Set([...before, ...after])] });
  const flag = caller.account?.mfaRequired ?? false;
  if (mfaAlong(before, unitSettings, flag) && !mfaAlong(after, unitSettings, flag))
    throw new ForbiddenError('This move would lift an MFA requirement: only account managers may do that');
}
