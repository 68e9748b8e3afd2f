/**
 * POST …/users/{userId}/invitation: the member's setup mail, again. A member still `invited` gets their current
 * setup link re-sent (new token, the old one answers 410). A member who already set up their sign-in is signed
 * out and locked out first — their password is replaced by an unguessable one and their sessions are revoked —
 * and gets a `reset` link with which they choose a new password (the link proves control of the mailbox, as a
 * password-reset link does). An identity shared with other accounts is refused: one account's manager must not
 * lock a person out of the others.
 */
import { actorOf, callerContact, type MemberCaller } from '#domain/caller.ts';
import { ConflictError, IdentitySharedError, NotAPersonError } from '#domain/errors.ts';
import { nextRevocationMark } from '#domain/identity.ts';
import { otherMemberships } from '#domain/lifecycle.ts';
import type { Invitation, InvitationKind } from '#domain/invitation.ts';
import { newInvitation, resent } from '#domain/invitation-rules.ts';
import { grantsOf, isPerson } from '#domain/user.ts';
import type { InvitationSending, ReplaceOptions } from '#ports/invitations.ts';
import { getAccount } from './accounts.ts';
import type { Deps, UserReads, AccountReads } from './deps.ts';
import { mailFor, sendAll } from './invitations.ts';
import { auditEvent } from '#domain/audit.ts';
import { manageableMember } from './users.ts';

type UserInvitationDeps = Pick<
  Deps,
  'identities' | 'signIns' | 'mailer' | 'translators' | 'clock' | 'ids' | 'settings' | 'access'
> & { invitations: InvitationSending; users: UserReads; accounts: AccountReads };

/** The member's current link of this kind, still open or merely expired: sent again rather than replaced. */
const reusable = (link: Invitation | null, kind: InvitationKind): boolean =>
  link !== null && link.kind === kind && (link.status === 'pending' || link.status === 'expired');

export async function sendUserInvitation(
  deps: UserInvitationDeps,
  caller: MemberCaller,
  userId: string,
): Promise<Invitation> {
  const accountId = caller.membership.accountId;
  const user = await manageableMember(deps, caller, userId);
  if (!isPerson(user)) throw new NotAPersonError();
  if (user.status !== 'invited' && user.status !== 'active')
    throw new ConflictError(`A ${user.status} member cannot be sent a setup link`);
  const kind: InvitationKind = user.status === 'active' ? 'reset' : 'setup';
  if (kind === 'reset' && user.id === caller.membership.userId)
    throw new ConflictError('Change your own password instead of resetting your sign-in');

  const now = deps.clock.now();
  let sessionsValidAfter = 0;
  let revocationCount = 0;
  if (kind === 'reset') {
    if (!user.identityId) throw new ConflictError('This member has no sign-in to set up again');
    const { identity, memberships } = await deps.identities.getAccess(user.identityId);
    if (!identity) throw new ConflictError('This member has no sign-in to set up again');
    if (otherMemberships(memberships, accountId).length > 0)
      throw new IdentitySharedError(
        'This person also signs in to other accounts; ask them to reset their password themselves',
      );
    sessionsValidAfter = identity.tokensValidAfter;
    // the issue below revokes once more
    revocationCount = (identity.revocationCount ?? 0) + 1;
  }

  // the new link is decided (and the resend limit applied) before anything changes; a reset link records the mark
  // its own issue sets, so that any later password change (which moves the mark) retires it
  const mark = kind === 'reset' ? nextRevocationMark(sessionsValidAfter, now) : undefined;
  const actor = actorOf(caller);
  const current = await deps.invitations.currentLinkOf(user);
  const again = reusable(current, kind);
  const issued = again
    ? resent(current!, now, deps.settings.invitationTtlSeconds)
    : newInvitation({
        id: deps.ids.next(),
        accountId,
        email: user.email,
        role: user.role,
        kind,
        userId,
        message: null,
        invitedBy: actor,
        now,
        ttlSeconds: deps.settings.invitationTtlSeconds,
        placement: { unitId: user.unitId, unitPath: user.unitPath, ...grantsOf(user) },
      });
  const token = issued.token;
  const invitation: Invitation =
    mark === undefined ? issued.invitation : { ...issued.invitation, sessionsValidAfter: mark, revocationCount };

  // the link and the revocation of every access token issued before now are committed first; only then is the
  // password replaced: a failed transaction must not leave the member locked out with no link to set a new one
  const options: ReplaceOptions =
    mark === undefined
      ? {}
      : { revokeSessions: { identityId: user.identityId!, expectedMark: sessionsValidAfter, mark } };
  const details = {
    kind,
    sessionsRevoked: kind === 'reset',
    ...(again ? { resendCount: invitation.resendCount } : {}),
  };
  const event = auditEvent(deps.ids, {
    accountId,
    type: again ? 'invitation.resent' : 'invitation.sent',
    at: now.toISOString(),
    actor,
    target: { userId, invitationId: invitation.id },
    unitPath: user.unitPath,
    details,
  });
  if (again) await deps.invitations.resend(current!, invitation, event, now, options);
  else await deps.invitations.issueForMember({ user, invitation, previousId: current?.id ?? null, event }, options);
  if (kind === 'reset') {
    // a failure here answers 500 with the link stored and the old tokens already refused; a retry re-sends and converges
    await deps.signIns.scramblePassword(user.email);
    await deps.signIns.signOutEverywhere(user.email);
  }

  const account = await getAccount(deps, caller);
  const delivered = await sendAll(deps, [
    {
      invitation,
      message: mailFor(deps, invitation, token, {
        account,
        inviter: null,
        member: user,
        callerEmail: callerContact(caller),
      }),
    },
  ]);
  const delivery = delivered.get(invitation.id)!;
  await deps.invitations.recordDeliveries([{ invitation, delivery }]);
  return { ...invitation, delivery };
}
