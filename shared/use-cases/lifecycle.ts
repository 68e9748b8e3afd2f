import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { ConflictError, ReauthenticationRequiredError } from '#domain/errors.ts';
import { nextRevocationMark, type IdentityAccess } from '#domain/identity.ts';
import {
  activeManagersDelta,
  lifecycleEvents,
  otherMemberships,
  reactivatedStatus,
  withStatus,
} from '#domain/lifecycle.ts';
import type { User } from '#domain/user.ts';
import type { Deps, UserReads, UserEdits } from './deps.ts';
import { auditEvent } from '#domain/audit.ts';
import { retryWithoutIfMatch } from './retries.ts';
import { manageableMember } from './users.ts';

/** Deactivating and reactivating: no lifecycle store (they close nothing). */
type StatusChangeDeps = Pick<Deps, 'identities' | 'signIns' | 'clock' | 'ids' | 'access'> & {
  users: UserEdits;
};
type LifecycleDeps = StatusChangeDeps & Pick<Deps, 'lifecycle'>;

/**
 * The member as the authorization read brought it along (routes with `readsPathMember`) on a first attempt; a retry
 * after a lost version race reads again.
 */
const memberOf = (
  deps: Pick<Deps, 'access'> & { users: UserReads },
  caller: MemberCaller,
  userId: string,
  attempt = 2,
): Promise<User> => manageableMember(deps, caller, userId, { prefetched: attempt === 1 });

export const accessOf = async (deps: Pick<Deps, 'identities'>, user: User): Promise<IdentityAccess | null> =>
  user.identityId ? deps.identities.getAccess(user.identityId) : null;

/** Never lower a revocation mark (a clock that went back must not revive revoked tokens). */
export const markFor = (access: IdentityAccess | null, accountId: string, now: Date) =>
  nextRevocationMark(access?.memberships.find((m) => m.accountId === accountId)?.tokensValidAfter ?? 0, now);

/**
 * The person may no longer sign in anywhere unless another account still has them active: then Cognito disables
 * them and revokes their refresh tokens. With another active membership the sign-in stays, and the per-membership
 * revocation (checked on every request) is what shuts this account.
 */
export async function shutSignInUnlessActiveElsewhere(
  deps: Pick<Deps, 'signIns'>,
  access: IdentityAccess | null,
  accountId: string,
): Promise<void> {
  if (!access?.identity || otherMemberships(access.memberships, accountId, true).length > 0) return;
  await deps.signIns.disable(access.identity.email);
  await deps.signIns.signOutEverywhere(access.identity.email);
}

/**
 * Deactivation takes effect at once: the membership record (read on every request) says deactivated and refuses
 * every token issued before now. Cognito follows after the commit; a failure there answers 500 and a retry converges.
 * An invited member (no sign-in yet) may be deactivated too: their setup link does not work while they are.
 */
export async function deactivateUser(deps: StatusChangeDeps, caller: MemberCaller, userId: string): Promise<User> {
  // no If-Match here: a concurrent change of the member is read again, not answered 412
  return retryWithoutIfMatch(undefined, async (attempt) => {
    const current = await memberOf(deps, caller, userId, attempt);
    const access = await accessOf(deps, current);
    if (current.status === 'deactivated') {
      await shutSignInUnlessActiveElsewhere(deps, access, current.accountId);
      return current;
    }
    if (current.status !== 'active' && current.status !== 'invited')
      throw new ConflictError(`A member who is ${current.status} cannot be deactivated`);
    const now = deps.clock.now();
    const next = withStatus(current, 'deactivated', now);
    const event = auditEvent(deps.ids, {
      accountId: current.accountId,
      type: lifecycleEvents.deactivated,
      at: next.updatedAt,
      actor: actorOf(caller),
      target: { userId },
      unitPath: current.unitPath,
    });
    await deps.users.update(next, current.version, [event], {
      revokeSessionsAt: markFor(access, current.accountId, now),
      activeManagersDelta: activeManagersDelta(current, next),
    });
    await shutSignInUnlessActiveElsewhere(deps, access, current.accountId);
    return next;
  });
}

/**
 * Reactivation lets the member sign in again; tokens from before the deactivation stay refused. A member who never
 * set up their sign-in goes back to invited (`reactivatedStatus`), and their setup link works again.
 */
export async function reactivateUser(deps: StatusChangeDeps, caller: MemberCaller, userId: string): Promise<User> {
  // no If-Match here: a concurrent change of the member is read again, not answered 412
  return retryWithoutIfMatch(undefined, async (attempt) => {
    const current = await memberOf(deps, caller, userId, attempt);
    const access = await accessOf(deps, current);
    if (current.status === 'closed') throw new ConflictError(`A member who is ${current.status} cannot be reactivated`);
    let next = current;
    if (current.status === 'deactivated') {
      next = withStatus(current, reactivatedStatus(current), deps.clock.now());
      const event = auditEvent(deps.ids, {
        accountId: current.accountId,
        type: lifecycleEvents.reactivated,
        at: next.updatedAt,
        actor: actorOf(caller),
        target: { userId },
        unitPath: current.unitPath,
      });
      await deps.users.update(next, current.version, [event], {
        activeManagersDelta: activeManagersDelta(current, next),
      });
    }
    // also on a repeat: converges when enabling failed the first time
    if (access?.identity) await deps.signIns.enable(access.identity.email);
    return next;
  });
}

/**
 * Closing a member: re-authentication with the acting manager's own password first. Then one transaction closes the
 * member, revokes their sessions here, frees their username and email, and closes everything attached to them
 * (adapters/dynamodb/close-member.ts). A person in no other account loses their identity and Cognito user too.
 * What does not fit in that transaction (past DynamoDB's 100 items) is detached by a continuation in the same request;
 * closing a closed member again finishes a continuation that was interrupted, and is otherwise a no-op (204).
 */
export async function closeUser(
  deps: LifecycleDeps & { idp: Pick<Deps['idp'], 'verifyPassword'> },
  caller: MemberCaller,
  userId: string,
  input: { password?: string },
): Promise<void> {
  // one attempt, on the member the authorization read brought along (a lost race is a 409, not read again)
  const current = await manageableMember(deps, caller, userId, { prefetched: true });
  // a system user (API key) has no password to re-enter: closing a member needs a person, except for an identity
  // provider deprovisioning through the SCIM connection (the route's own authentication, never the request's say)
  const reauthenticated =
    caller.via === 'scim' ||
    (input.password && caller.identity && (await deps.idp.verifyPassword(caller.identity.email, input.password)));
  if (!reauthenticated) {
    throw new ReauthenticationRequiredError('Enter your own password to close a member');
  }
  if (current.status === 'closed') {
    // a close whose continuation was interrupted: detaching what is left finishes it (otherwise a no-op)
    if (current.detachPending)
      await deps.lifecycle.finishClose(current, actorOf(caller), deps.clock.now().toISOString());
    return;
  }
  const access = await accessOf(deps, current);
  const now = deps.clock.now();
  const closed = withStatus(current, 'closed', now);
  const lastAccount =
    access?.identity && otherMemberships(access.memberships, current.accountId).length === 0 ? access.identity : null;
  const event = auditEvent(deps.ids, {
    accountId: current.accountId,
    type: lifecycleEvents.closed,
    at: closed.updatedAt,
    actor: actorOf(caller),
    target: { userId },
    unitPath: current.unitPath,
    details: {
      username: current.username,
      email: current.email,
      previousStatus: current.status,
      signInRemoved: lastAccount !== null,
    },
  });
  await deps.lifecycle.closeMember({
    user: closed,
    expectedVersion: current.version,
    revokeSessionsAt: markFor(access, current.accountId, now),
    activeManagersDelta: activeManagersDelta(current, closed),
    events: [event],
    removeIdentity: lastAccount,
  });
  if (!lastAccount) return shutSignInUnlessActiveElsewhere(deps, access, current.accountId);

  // the person may have joined another account between our read and the commit: then they keep their sign-in
  const after = await deps.identities.getAccess(lastAccount.id);
  if (otherMemberships(after.memberships, current.accountId).length > 0)
    return deps.lifecycle.restoreIdentity(lastAccount);
  await deps.signIns.remove(lastAccount.email);
}

/** Members closed per run of the scheduled cleanup whose attachments it finishes detaching (bounded work per run). */
export const PENDING_CLOSES_PER_RUN = 25;

/** The scheduled job's part: closes whose continuation was interrupted are finished, oldest first. */
export async function finishPendingCloses(
  deps: Pick<Deps, 'lifecycle' | 'clock'>,
  max = PENDING_CLOSES_PER_RUN,
): Promise<{ found: number; finished: number }> {
  return deps.lifecycle.finishPendingCloses(max, { kind: 'system' }, deps.clock.now().toISOString());
}
