import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { addSeconds } from '#domain/clock.ts';
import { ConflictError, IdentitySharedError, NotAPersonError, NotFoundError } from '#domain/errors.ts';
import { nextRevocationMark, type Identity, type IdentityAccess, type Membership } from '#domain/identity.ts';
import type { Actor } from '#domain/invitation.ts';
import { lifecycleEvents, otherMemberships } from '#domain/lifecycle.ts';
import {
  RESET_CLAIM_SECONDS,
  RESET_LINK_TTL_SECONDS,
  RESET_RETENTION_SECONDS,
  assertResetUsable,
  resetLink,
  type PasswordReset,
} from '#domain/password-reset.ts';
import { assertStrongPassword } from '#domain/password-policy.ts';
import { resetMail } from '#domain/reset-mail.ts';
import { hashToken, newLinkToken } from '#domain/tokens.ts';
import { isPerson, type User } from '#domain/user.ts';
import { logger } from '#observability/logger.ts';
import { countMetric } from '#observability/metrics.ts';
import { eventsPerMembership } from '#domain/audit.ts';
import { activeOnly, notClosed } from './audit.ts';
import type { Deps, UserReads, AccountReads } from './deps.ts';
import { mailContext } from './mail-context.ts';
import type { MailContext } from '#domain/mail-layout.ts';
import { auditEvent } from '#domain/audit.ts';
import { manageableMember } from './users.ts';

type Delivery = 'sent' | 'failed';
/** Only the provider's password setting: these use cases never sign anyone in. */
type SetsPasswords = { idp: Pick<Deps['idp'], 'setPassword'> };

/**
 * A member of the caller's account who has a sign-in (active or deactivated), with their identity's access record.
 * A manager changes only the sign-in of a person who belongs to this account alone: their sign-in is theirs
 * everywhere, and no other account's manager decides it; otherwise `IdentitySharedError(shared)`.
 */
export async function memberWithOwnSignIn(
  deps: Pick<Deps, 'identities' | 'access'> & { users: UserReads },
  caller: MemberCaller,
  userId: string,
  shared: string,
): Promise<{ user: User; identity: Identity; access: IdentityAccess }> {
  const user = await manageableMember(deps, caller, userId);
  if (!isPerson(user)) throw new NotAPersonError();
  if ((user.status !== 'active' && user.status !== 'deactivated') || !user.identityId)
    throw new ConflictError(`A member who is ${user.status} has no sign-in to change`);
  const access = await deps.identities.getAccess(user.identityId);
  if (!access.identity) throw new ConflictError('This member has no sign-in');
  if (otherMemberships(access.memberships, caller.membership.accountId).length > 0)
    throw new IdentitySharedError(shared);
  return { user, identity: access.identity, access };
}

/** The audit event of a manager's change to member `userId`'s sign-in. */
export const signInChangedBy = (
  ids: Deps['ids'],
  caller: MemberCaller,
  type: string,
  now: Date,
  userId: string,
  details?: Record<string, unknown>,
) =>
  auditEvent(ids, {
    accountId: caller.membership.accountId,
    type,
    at: now.toISOString(),
    actor: actorOf(caller),
    target: { userId },
    ...(details ? { details } : {}),
  });

function newReset(
  identity: Identity,
  requestedBy: Actor,
  now: Date,
  sessionsValidAfter: number,
  revocationCount: number,
): { reset: PasswordReset; token: string } {
  const { token, hash } = newLinkToken();
  const expiresAt = addSeconds(now, RESET_LINK_TTL_SECONDS);
  return {
    token,
    reset: {
      tokenHash: hash,
      identityId: identity.id,
      email: identity.email,
      status: 'pending',
      requestedBy,
      sessionsValidAfter,
      revocationCount,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      purgeAt: addSeconds(expiresAt, RESET_RETENTION_SECONDS).toISOString(),
      claimId: null,
      claimedUntil: null,
    },
  };
}

/**
 * Where a forced reset's link may go: always the person's own (primary) email; their backup email only when the
 * person belongs to one account. A backup email is set by one account's managers, so for a person shared by several
 * accounts it would let any one of them route the others' sign-in to an address they control.
 */
function addressesOf(identity: Identity, memberships: Membership[], users: User[]): string[] {
  if (notClosed(memberships).length > 1) return [identity.email];
  return [...new Set([identity.email, ...users.flatMap((u) => (u.backupEmail ? [u.backupEmail.toLowerCase()] : []))])];
}

/** One message per address. A refused address is logged (without the address or the link) and does not stop the others. */
async function mailReset(
  deps: Pick<Deps, 'mailer' | 'settings'>,
  ctx: MailContext,
  to: string[],
  token: string,
  reset: PasswordReset,
  forced: boolean,
): Promise<Delivery> {
  const link = resetLink(deps.settings.appUrl, token);
  const results = await Promise.allSettled(
    to.map((address) => deps.mailer.send(resetMail(ctx, { to: address, link, expiresAt: reset.expiresAt, forced }))),
  );
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) {
    countMetric('mailsRefused', failed.length);
    logger.warn('password reset mail refused', {
      identityId: reset.identityId,
      recipients: to.length,
      failed: failed.length,
      error: ((failed[0] as PromiseRejectedResult).reason as Error)?.name,
    });
  }
  return failed.length ? 'failed' : 'sent';
}

/**
 * An account manager forces a reset: in one transaction the identity's sessions are revoked, the link is stored
 * and the event written; then the current password is replaced by one nobody knows, and the link is mailed to the
 * member's primary and backup emails.
 */
export async function requestUserPasswordReset(
  deps: Pick<
    Deps,
    'identities' | 'resets' | 'signIns' | 'mailer' | 'translators' | 'settings' | 'clock' | 'ids' | 'access'
  > & { users: UserReads; accounts: AccountReads },
  caller: MemberCaller,
  userId: string,
): Promise<{ delivery: Delivery }> {
  // revoking and scrambling a shared sign-in would lock the person out of accounts this manager does not run
  const { user, identity, access } = await memberWithOwnSignIn(
    deps,
    caller,
    userId,
    'This person is also a member of another account: they can reset their password themselves (forgot password)',
  );
  const now = deps.clock.now();
  const mark = nextRevocationMark(identity.tokensValidAfter, now);
  const actor = actorOf(caller);
  // issuing moves the mark and counts one more revocation
  const { reset, token } = newReset(identity, actor, now, mark, (identity.revocationCount ?? 0) + 1);
  const event = auditEvent(deps.ids, {
    accountId: caller.membership.accountId,
    type: lifecycleEvents.resetRequested,
    at: reset.createdAt,
    actor,
    target: { userId },
    details: { forced: true },
  });
  await deps.resets.issue({ reset, events: [event], revoke: { expectedMark: identity.tokensValidAfter, mark } });
  await deps.signIns.scramblePassword(identity.email);
  await deps.signIns.signOutEverywhere(identity.email);
  // the guard above leaves this account's member as the person's only one: the user already read
  const account = await deps.accounts.get(user.accountId);
  const ctx = mailContext(deps, account, user);
  return {
    delivery: await mailReset(deps, ctx, addressesOf(identity, access.memberships, [user]), token, reset, true),
  };
}

/**
 * An account manager sets the password directly; nothing is mailed. Only for a person who is a member of this
 * account alone: their sign-in is theirs everywhere, and no other account's manager decides it. The password is
 * temporary unless `temporary: false`: the manager knows it, so the person's next sign-in is a NEW_PASSWORD_REQUIRED
 * challenge and they choose their own (completeNewPassword). Either way every session is revoked.
 */
export async function setUserPassword(
  deps: Pick<Deps, 'identities' | 'credentials' | 'signIns' | 'clock' | 'ids' | 'access'> & {
    users: UserReads;
  } & SetsPasswords,
  caller: MemberCaller,
  userId: string,
  input: { password: string; temporary?: boolean },
): Promise<void> {
  const temporary = input.temporary ?? true;
  assertStrongPassword(input.password);
  const { identity } = await memberWithOwnSignIn(
    deps,
    caller,
    userId,
    'This person is also a member of another account: send them a reset link instead',
  );
  await deps.idp.setPassword(identity.email, input.password, temporary);
  const now = deps.clock.now();
  const event = signInChangedBy(deps.ids, caller, lifecycleEvents.passwordSetByAdmin, now, userId, { temporary });
  await deps.credentials.revokeSessions(identity.id, {
    expectedMark: identity.tokensValidAfter,
    mark: nextRevocationMark(identity.tokensValidAfter, now),
    events: [event],
  });
  await deps.signIns.signOutEverywhere(identity.email);
}

/**
 * Self-service reset request. Whatever the email, the caller learns nothing: the same answer, and the same reads
 * and writes (an unknown email stores a link nobody holds); only a known, active person is mailed, and the handler
 * pads the response time so that the mail does not show. Past RESET_REQUESTS_PER_HOUR per email, requests are
 * dropped without a sign. The link goes to the primary email alone: a backup email is written by managers and
 * delegates, so self-service recovery through it would hand them the sign-in (a forced reset still uses it).
 * The mail is the person's, not an account's: the deployment's brand, in `input.language` (the language of the page
 * or the request that asked: a preference list, first supported wins) or English. Reading the member or the account
 * for their language would be DynamoDB work only a known email causes, which the answer must not show.
 */
export async function forgotPassword(
  deps: Pick<Deps, 'identities' | 'resets' | 'mailer' | 'translators' | 'settings' | 'clock' | 'ids'>,
  input: { email: string; languages?: readonly string[] },
): Promise<void> {
  const now = deps.clock.now();
  if (!(await deps.resets.admit(hashToken(input.email), now))) return;
  const access = await deps.identities.getAccessByEmail(input.email);
  const active = access.identity ? activeOnly(access.memberships) : [];
  if (!access.identity || active.length === 0) return deps.resets.issueDecoy(newLinkToken().hash, now);

  const identity = access.identity;
  const { reset, token } = newReset(
    identity,
    { kind: 'anonymous' },
    now,
    identity.tokensValidAfter,
    identity.revocationCount ?? 0,
  );
  const events = eventsPerMembership(deps.ids, active, {
    type: lifecycleEvents.resetRequested,
    at: reset.createdAt,
    actor: { kind: 'anonymous' },
    details: { forced: false },
  });
  await deps.resets.issue({ reset, events });
  await mailReset(
    deps,
    mailContext(deps, null, null, ...(input.languages ?? [])),
    [identity.email],
    token,
    reset,
    false,
  );
}

/**
 * Completing a reset: the link is claimed and the identity's sessions revoked in one transaction (so only one request
 * can use it), then Cognito gets the new password, then the link is marked used with the events. If Cognito fails,
 * the claim is given back and the link can be used again.
 */
export async function resetPassword(
  deps: Pick<Deps, 'identities' | 'resets' | 'signIns' | 'clock' | 'ids'> & SetsPasswords,
  input: { token: string; password: string },
): Promise<void> {
  assertStrongPassword(input.password);
  const now = deps.clock.now();
  const reset = await deps.resets.find(hashToken(input.token));
  if (!reset || now.getTime() >= Date.parse(reset.purgeAt)) throw new NotFoundError('This link is not valid');
  const access = await deps.identities.getAccess(reset.identityId);
  assertResetUsable(reset, access.identity, now);

  const claimId = deps.ids.next();
  const mark = nextRevocationMark(reset.sessionsValidAfter, now);
  await deps.resets.claim(reset, {
    claimId,
    claimedUntil: addSeconds(now, RESET_CLAIM_SECONDS).toISOString(),
    mark,
    now,
  });
  try {
    await deps.idp.setPassword(reset.email, input.password);
  } catch (error) {
    await deps.resets.release(reset, claimId);
    throw error;
  }
  await deps.signIns.signOutEverywhere(reset.email);
  const events = eventsPerMembership(deps.ids, notClosed(access.memberships), {
    type: lifecycleEvents.resetCompleted,
    at: now.toISOString(),
    actor: 'self',
    details: { requestedBy: reset.requestedBy.kind },
  });
  await deps.resets.complete(reset, claimId, events);
}
