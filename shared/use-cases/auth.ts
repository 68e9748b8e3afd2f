import type { Account } from '#domain/account.ts';
import type { IdentityCaller } from '#domain/caller.ts';
import { InvalidCredentialsError, InvitationUsedError, NotFoundError, WeakPasswordError } from '#domain/errors.ts';
import type { Identity, Membership } from '#domain/identity.ts';
import { assertUsable, isPurged } from '#domain/invitation.ts';
import { passwordProblems } from '#domain/password-policy.ts';
import { hashToken } from '#domain/tokens.ts';
import type { User } from '#domain/user.ts';
import type { SignInResult, SignInTokens } from '#ports/services.ts';
import type { Deps } from './deps.ts';
import { auditEvent } from './setup-link.ts';

/**
 * Accepting a link. Cognito and DynamoDB are not transactional, so the order is: (1) create or adopt the Cognito
 * identity, (2) set its password, (3) one DynamoDB transaction that activates everything only while the link is
 * still pending. A failure after (1) or (2) leaves the link pending, and the retry converges on the same identity.
 */
export async function acceptInvitation(deps: Pick<Deps, 'invitations' | 'users' | 'identities' | 'acceptance' | 'idp' | 'clock' | 'ids'>, input: { token: string; password: string }): Promise<{ accountId: string; user: User }> {
  const problems = passwordProblems(input.password);
  if (problems.length) throw new WeakPasswordError(problems);
  const hash = hashToken(input.token);
  const now = deps.clock.now();
  const invitation = await deps.invitations.findByTokenHash(hash);
  if (!invitation || isPurged(invitation, now)) throw new NotFoundError('This link is not valid');
  assertUsable(invitation, hash, now);

  const user = await deps.users.get(invitation.accountId, invitation.userId);
  if (!user || user.status !== 'invited') throw new InvitationUsedError('This member has already been set up');

  let identity: Identity | null = await deps.identities.findByEmail(invitation.email);
  const identityIsNew = identity === null;
  if (identity) {
    // Already a person here (a member of another account): they prove it with their password; it is never overwritten.
    if (!(await deps.idp.verifyPassword(invitation.email, input.password))) throw new InvalidCredentialsError();
  } else {
    const { identityId } = await deps.idp.ensureUser(invitation.email);
    await deps.idp.setPassword(invitation.email, input.password);
    identity = { id: identityId, email: invitation.email, tokensValidAfter: 0, mfaEnabled: false, createdAt: now.toISOString() };
  }

  const at = now.toISOString();
  const active: User = { ...user, status: 'active', identityId: identity.id, role: user.role, updatedAt: at, version: user.version + 1 };
  const membership: Membership = { accountId: user.accountId, userId: user.id, identityId: identity.id, role: active.role, status: 'active', tokensValidAfter: 0 };
  const event = auditEvent(deps, { accountId: user.accountId, type: 'invitation.accepted', at, actor: { kind: 'user', userId: user.id }, target: { userId: user.id, invitationId: invitation.id }, details: { newIdentity: identityIsNew } });
  await deps.acceptance.completeAcceptance({ identity, identityIsNew, membership, user: active, invitation, event });
  return { accountId: user.accountId, user: active };
}

export async function signIn(deps: Pick<Deps, 'idp'>, input: { email: string; password: string }): Promise<SignInTokens> {
  const result: SignInResult = await deps.idp.signIn(input.email, input.password);
  // MFA challenges arrive with the lifecycle issue; until then a challenged sign-in cannot complete here
  if (result.kind !== 'tokens') throw new InvalidCredentialsError('This sign-in needs a step this API does not offer yet');
  return result.tokens;
}

export const refreshTokens = (deps: Pick<Deps, 'idp'>, input: { refreshToken: string }): Promise<SignInTokens> => deps.idp.refresh(input.refreshToken);

export async function getMe(deps: Pick<Deps, 'accounts'>, caller: IdentityCaller) {
  const visible = caller.memberships.filter((m) => m.status !== 'closed');
  const accounts = new Map<string, Account>((await deps.accounts.getMany(visible.map((m) => m.accountId))).map((a) => [a.id, a]));
  return {
    identity: { email: caller.identity.email, mfaEnabled: caller.identity.mfaEnabled },
    memberships: visible
      .filter((m) => accounts.has(m.accountId))
      .map((m) => ({ accountId: m.accountId, accountName: accounts.get(m.accountId)!.name, userId: m.userId, role: m.role, status: m.status })),
  };
}
