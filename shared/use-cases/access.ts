/**
 * The one read behind every scope decision: after the membership check, at most ONE more round trip —
 * a consistent BatchGetItem of the tree item, the caller's scope units, the target's unit (and scope), the
 * delegation (target, caller) and, when asked, the settings layers of a unit path. Account managers are allowed
 * everything from the membership alone and read only what the operation itself needs.
 */
import { accessTo, isAccountManager, type AccessFacts } from '#domain/authorization.ts';
import type { MemberCaller } from '#domain/caller.ts';
import { ForbiddenError, NotFoundError } from '#domain/errors.ts';
import { mfaAlong } from '#domain/settings.ts';
import type { User } from '#domain/user.ts';
import type { AccessRead, AccessStore } from '#ports/access.ts';
import type { UserStore } from '#ports/users.ts';

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

/** At most this many members on the chains of delegations a managed member holds: more is refused, never half-checked. */
export const MAX_DELEGATIONS_CHECKED = 50;

/**
 * Managing a member hands over what they hold, delegations included (setting their password is acting as them): the
 * caller must be able to manage every member the target is a delegate of, and every member those are delegates of,
 * down the chain (the caller themselves excepted: holding authority over oneself hands nothing over). Account
 * managers manage everyone and read nothing. Cost (delegationsHeldBy): one consistent Query for a member who holds no
 * delegation; per link of the chain, a Query per member, one consistent BatchGetItem of the members found and one
 * authorization read per member (in parallel).
 */
export async function assertMayManageTheirDelegations(
  deps: AccessDeps & { users: Pick<UserStore, 'getMany'> },
  caller: MemberCaller,
  target: Pick<User, 'id'>,
): Promise<void> {
  if (isAccountManager(caller)) return;
  const accountId = caller.membership.accountId;
  const seen = new Set([target.id, caller.membership.userId]);
  let frontier = [target.id];
  while (frontier.length) {
    const held = await Promise.all(
      frontier.map((id) => deps.access.delegationsHeldBy(accountId, id, MAX_DELEGATIONS_CHECKED + 1)),
    );
    const next = [...new Set(held.flat())].filter((id) => !seen.has(id));
    if (next.length === 0) return;
    for (const id of next) seen.add(id);
    if (seen.size > MAX_DELEGATIONS_CHECKED + 2)
      throw new ForbiddenError('This member holds more delegations than can be checked: ask an account manager');
    const members = await deps.users.getMany(
      next.map((userId) => ({ accountId, userId })),
      { consistent: true },
    );
    const access = await Promise.all(
      members.map(async (m) => accessTo(caller, m, await readFacts(deps, caller, { target: m }))),
    );
    if (access.some((a) => a !== 'manage'))
      throw new ForbiddenError(
        'This member is a delegate of someone you may not manage: managing them would hand that over',
      );
    frontier = members.map((m) => m.id);
  }
}
