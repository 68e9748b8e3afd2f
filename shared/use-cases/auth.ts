import type { IdentityCaller } from '#domain/caller.ts';
import { InvitationRevokedError, InvitationUsedError, NotFoundError, UnauthenticatedError } from '#domain/errors.ts';
import { assertUsable, isPurged, type Invitation } from '#domain/invitation.ts';
import { assertStrongPassword } from '#domain/password-policy.ts';
import { hashToken } from '#domain/tokens.ts';
import type { User } from '#domain/user.ts';
import type { SignInTokens } from '#ports/identity-provider.ts';
import type { InvitationLinkAcceptance } from '#ports/invitations.ts';
import type { IdentityStore } from '#ports/identities.ts';
import type { Deps, UserReads } from './deps.ts';
import {
  type AccountSetup,
  acceptedBy,
  acceptIssuedLink,
  resolveIdentity,
  type AcceptInput,
} from './invitation-acceptance.ts';
import { countMetric } from '#observability/metrics.ts';

/**
 * Accepting a link. Cognito and DynamoDB are not transactional, so: (1) claim the link (a short lease, so that no
 * other request touches Cognito for it meanwhile), (2) create or adopt the Cognito identity and set its password,
 * (3) one DynamoDB transaction that activates everything only while the link is pending and still ours. A failure
 * after (1) gives the lease back; a failure after (2) leaves the link pending, and the retry converges on the same
 * identity. Two racing accepts: one claims, the other gets 409 invitation_in_progress and changes nothing.
 */
export async function acceptInvitation(
  deps: Pick<Deps, 'acceptance' | 'clock' | 'ids' | 'access'> & {
    idp: AccountSetup;
    identities: Pick<IdentityStore, 'findByEmail'>;
    invitations: InvitationLinkAcceptance;
    users: UserReads;
  },
  input: AcceptInput,
): Promise<{ accountId: string; user: User }> {
  assertStrongPassword(input.password);
  const hash = hashToken(input.token);
  const now = deps.clock.now();
  const found = await deps.invitations.findByTokenHash(hash);
  if (!found || isPurged(found, now)) throw new NotFoundError('This link is not valid');
  assertUsable(found, hash, now);

  const claimId = deps.ids.next();
  await deps.invitations.claimAcceptance(found, claimId, now);
  const invitation = { ...found, claimId };
  try {
    // invitations by email and re-sent links of set-up members
    if (invitation.kind !== 'setup' || invitation.userId === null)
      return await acceptIssuedLink(deps, invitation, input, now);
    return await acceptSetupLink(deps, invitation as typeof invitation & { userId: string }, input, now);
  } catch (error) {
    await deps.invitations.releaseAcceptance(invitation, claimId).catch(() => undefined);
    throw error;
  }
}

async function acceptSetupLink(
  deps: Pick<Deps, 'acceptance' | 'ids'> & {
    idp: AccountSetup;
    identities: Pick<IdentityStore, 'findByEmail'>;
    users: UserReads;
  },
  invitation: Invitation & { userId: string },
  input: AcceptInput,
  now: Date,
): Promise<{ accountId: string; user: User }> {
  const user = await deps.users.get(invitation.accountId, invitation.userId);
  // a member deactivated before they set up their sign-in: the link works again once they are reactivated
  if (user?.status === 'deactivated' && !user.identityId)
    throw new InvitationRevokedError('This member is deactivated; ask your account manager');
  if (user?.status !== 'invited') throw new InvitationUsedError('This member has already been set up');

  const { identity, identityIsNew } = await resolveIdentity(deps, invitation.email, input.password, now);

  const at = now.toISOString();
  const active: User = {
    ...user,
    status: 'active',
    identityId: identity.id,
    role: user.role,
    updatedAt: at,
    version: user.version + 1,
  };
  const { membership, event } = acceptedBy(deps.ids, active, identity, invitation, at, { newIdentity: identityIsNew });
  await deps.acceptance.completeAcceptance({ identity, identityIsNew, membership, user: active, invitation, event });
  return { accountId: user.accountId, user: active };
}

/** Sign-in (with MFA and the membership check) lives in sign-in.ts. */
export { signIn } from './sign-in.ts';

/**
 * Refreshing is refused for a session that was revoked after its sign-in: by a password change or reset, MFA
 * changes (the identity's mark), or a deactivation or close in any of the person's accounts (a membership's mark);
 * also when no account has the person active any more. Only then does the identity provider refresh it.
 */
export async function refreshTokens(
  deps: Pick<Deps, 'idp' | 'identities' | 'refreshGrants'>,
  input: { refreshToken: string },
): Promise<SignInTokens> {
  const grant = deps.refreshGrants.open(input.refreshToken);
  if (!grant) throw new UnauthenticatedError('The refresh token is invalid, expired or revoked');
  const { identity, memberships } = await deps.identities.getAccess(grant.identityId);
  const revoked =
    !identity ||
    grant.signedInAt < identity.tokensValidAfter ||
    memberships.some((m) => m.status !== 'closed' && grant.signedInAt < m.tokensValidAfter);
  if (revoked) countMetric('tokensRefusedRevoked');
  if (revoked || !memberships.some((m) => m.status === 'active'))
    throw new UnauthenticatedError('The refresh token is invalid, expired or revoked');
  const tokens = await deps.idp.refresh(grant.refreshToken, grant.identityId);
  // a provider that rotates refresh tokens hands out a new one: it keeps the original sign-in time
  return {
    ...tokens,
    refreshToken:
      tokens.refreshToken === grant.refreshToken
        ? input.refreshToken
        : deps.refreshGrants.seal({ ...grant, refreshToken: tokens.refreshToken }),
  };
}

export async function getMe(deps: Pick<Deps, 'identities'>, caller: IdentityCaller) {
  const visible = caller.memberships.filter((m) => m.status !== 'closed');
  // the authenticator has read them already when it checked the MFA policy
  const found = caller.accounts ?? (await deps.identities.accountSummaries(visible.map((m) => m.accountId)));
  const accounts = new Map(found.map((a) => [a.id, a]));
  return {
    identity: { email: caller.identity.email, mfaEnabled: caller.identity.mfaEnabled },
    memberships: visible
      .filter((m) => accounts.has(m.accountId))
      .map((m) => ({
        accountId: m.accountId,
        accountName: accounts.get(m.accountId)!.name,
        userId: m.userId,
        role: m.role,
        status: m.status,
      })),
  };
}
