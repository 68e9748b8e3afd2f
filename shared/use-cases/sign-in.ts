import { InvalidCredentialsError, InvalidMfaCodeError } from '#domain/errors.ts';
import type { IdentityAccess } from '#domain/identity.ts';
import { lifecycleEvents } from '#domain/lifecycle.ts';
import type { SignInResult, SignInTokens } from '#ports/identity-provider.ts';
import { eventsPerMembership } from '#domain/audit.ts';
import { activeOnly, notClosed } from './audit.ts';
import type { Deps } from './deps.ts';
import { epochSeconds } from '#domain/clock.ts';

export type SignInOutcome =
  | SignInTokens
  | { challenge: 'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP' | 'NEW_PASSWORD_REQUIRED'; session: string };
export type SignInDeps = Pick<Deps, 'idp' | 'mfa' | 'identities' | 'audit' | 'refreshGrants' | 'clock' | 'ids'>;

/** The client's refresh token carries who signed in and when, so refreshing can honour later revocations. */
export const sealed = (deps: SignInDeps, tokens: SignInTokens, identityId: string): SignInTokens => ({
  ...tokens,
  refreshToken: deps.refreshGrants.seal({
    refreshToken: tokens.refreshToken,
    identityId,
    signedInAt: epochSeconds(deps.clock.now()),
  }),
});

/** A failed attempt on a known person is an event in each of their accounts; an unknown email leaves no trace. */
export async function recordFailure(
  deps: SignInDeps,
  access: IdentityAccess,
  reason: 'invalid_password' | 'invalid_mfa_code' | 'not_active' | 'mfa_mismatch',
): Promise<void> {
  if (!access.identity) return;
  await deps.audit.record(
    eventsPerMembership(deps.ids, notClosed(access.memberships), {
      type: lifecycleEvents.signInFailed,
      at: deps.clock.now().toISOString(),
      actor: { kind: 'anonymous' },
      details: { reason },
    }),
  );
}

/** The person behind a proven password or code may sign in only while some account still has them active. */
export async function activeAccess(deps: SignInDeps, email: string) {
  const access = await deps.identities.getAccessByEmail(email);
  const active = access.identity ? activeOnly(access.memberships) : [];
  if (!access.identity || active.length === 0) {
    await recordFailure(deps, access, 'not_active');
    // the same answer as a wrong password: a deactivated member's status is not revealed
    throw new InvalidCredentialsError();
  }
  return { identity: access.identity, active };
}

/**
 * Sign-in. Cognito checks the password (and, with MFA, challenges for a TOTP code); the stored memberships decide
 * whether this person may sign in at all. A member of an account that requires MFA who has none gets the
 * MFA_SETUP challenge: its session is an access token that the authenticator lets through to /v1/me/mfa/* only.
 */
export async function signIn(deps: SignInDeps, input: { email: string; password: string }): Promise<SignInOutcome> {
  let result: SignInResult;
  try {
    result = await deps.idp.signIn(input.email, input.password);
  } catch (error) {
    if (error instanceof InvalidCredentialsError)
      await recordFailure(deps, await deps.identities.getAccessByEmail(input.email), 'invalid_password');
    throw error;
  }
  const { identity, active } = await activeAccess(deps, input.email);
  if (result.kind === 'challenge') {
    // a password an account manager set as temporary: the person chooses their own (completeNewPassword)
    if (result.challenge === 'NEW_PASSWORD_REQUIRED')
      return { challenge: 'NEW_PASSWORD_REQUIRED', session: result.session };
    if (result.challenge !== 'SOFTWARE_TOKEN_MFA')
      throw new InvalidCredentialsError('This sign-in needs a step this API does not offer');
    return { challenge: 'SOFTWARE_TOKEN_MFA', session: result.session };
  }
  if (identity.mfaEnabled) {
    // Cognito let this sign-in through without the TOTP step our record requires: MFA was switched off around this
    // service (e.g. with Cognito's own API and an access token). Refuse; an account manager can reset MFA.
    await recordFailure(deps, { identity, memberships: active }, 'mfa_mismatch');
    throw new InvalidCredentialsError();
  }
  const now = deps.clock.now().toISOString();
  if ((await deps.identities.accountsRequiringMfa(active)).length > 0) {
    await deps.audit.record(
      eventsPerMembership(deps.ids, active, {
        type: lifecycleEvents.signInSucceeded,
        at: now,
        actor: 'self',
        details: { mfa: false, mfaSetupRequired: true },
      }),
    );
    return { challenge: 'MFA_SETUP', session: result.tokens.accessToken };
  }
  await deps.audit.record(
    eventsPerMembership(deps.ids, active, {
      type: lifecycleEvents.signInSucceeded,
      at: now,
      actor: 'self',
      details: { mfa: false },
    }),
  );
  return sealed(deps, result.tokens, identity.id);
}

/** The second step of an MFA sign-in: `{ session, code }` → tokens. A wrong code is 401 invalid_mfa_code. */
export async function completeMfaSignIn(
  deps: SignInDeps,
  input: { session: string; code: string },
): Promise<SignInTokens> {
  let answered: Awaited<ReturnType<Deps['mfa']['answerTotpChallenge']>>;
  try {
    answered = await deps.mfa.answerTotpChallenge(input.session, input.code);
  } catch (error) {
    const email = error instanceof InvalidMfaCodeError ? deps.mfa.sessionEmail(input.session) : null;
    if (email) await recordFailure(deps, await deps.identities.getAccessByEmail(email), 'invalid_mfa_code');
    throw error;
  }
  const { identity, active } = await activeAccess(deps, answered.email);
  await deps.audit.record(
    eventsPerMembership(deps.ids, active, {
      type: lifecycleEvents.signInSucceeded,
      at: deps.clock.now().toISOString(),
      actor: 'self',
      details: { mfa: true },
    }),
  );
  return sealed(deps, answered.tokens, identity.id);
}
