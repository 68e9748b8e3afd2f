import { InvalidCredentialsError, InvalidMfaCodeError } from '#domain/errors.ts';
import {
  FRESH_TOKEN_MARGIN_MS,
  issuedAtOf,
  markConcerningNewTokens,
  waitBeforeIssuing,
  type Identity,
  type IdentityAccess,
  type Membership,
} from '#domain/identity.ts';
import { lifecycleEvents } from '#domain/lifecycle.ts';
import type { SignInResult, SignInTokens } from '#ports/identity-provider.ts';
import { eventsPerMembership, type AuditEvent } from '#domain/audit.ts';
import { activeOnly, notClosed } from './audit.ts';
import { checkCodeWithinLimit } from './code-attempts.ts';
import type { Deps } from './deps.ts';
import { epochSeconds } from '#domain/clock.ts';
import { countMetric } from '#observability/metrics.ts';

export type SignInOutcome =
  | SignInTokens
  | { challenge: 'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP' | 'NEW_PASSWORD_REQUIRED'; session: string };
export type SignInDeps = Pick<
  Deps,
  'idp' | 'mfa' | 'identities' | 'audit' | 'refreshGrants' | 'clock' | 'ids' | 'codeAttempts'
>;

/** The client's refresh token carries who signed in and when, so refreshing can honour later revocations. */
export const sealed = (deps: SignInDeps, tokens: SignInTokens, identityId: string): SignInTokens => ({
  ...tokens,
  refreshToken: deps.refreshGrants.seal({
    refreshToken: tokens.refreshToken,
    identityId,
    signedInAt: epochSeconds(deps.clock.now()),
  }),
});

/**
 * Every failed attempt counts into the `signInFailed` metric. One on a known person also counts into one event per
 * email and minute in each of their accounts (`details.count`, the latest `reason`), so that a flood of attempts
 * cannot fill a tenant's log; an unknown email leaves no other trace.
 */
export async function recordFailure(
  deps: SignInDeps,
  access: IdentityAccess,
  reason: 'invalid_password' | 'invalid_mfa_code' | 'not_active' | 'mfa_mismatch',
): Promise<void> {
  countMetric('signInFailed');
  if (!access.identity) return;
  const now = deps.clock.now();
  const minute = Math.floor(now.getTime() / 60_000);
  const memberships = notClosed(access.memberships);
  await deps.audit.aggregate(
    `${lifecycleEvents.signInFailed}\n${access.identity.email}\n${minute}`,
    now,
    deps.ids.next(),
    (id) =>
      eventsPerMembership({ next: () => id }, memberships, {
        type: lifecycleEvents.signInFailed,
        at: now.toISOString(),
        actor: { kind: 'anonymous' },
        details: { reason },
      }),
  );
}

/** The person behind a proven password or code may sign in only while some account still has them active. */
export async function activeAccess(deps: SignInDeps, access: IdentityAccess) {
  const active = access.identity ? activeOnly(access.memberships) : [];
  if (!access.identity || active.length === 0) {
    await recordFailure(deps, access, 'not_active');
    // the same answer as a wrong password: a deactivated member's status is not revealed
    throw new InvalidCredentialsError();
  }
  return { identity: access.identity, active };
}

/**
 * Tokens are refused when issued before a revocation mark, in whole seconds: a sign-in right after a revocation (in
 * the same second) would get tokens the next request refuses. So, before asking the provider for tokens, wait until
 * the highest mark that concerns them has begun (at most about a second; the clock port waits). Returns the mark.
 */
export async function waitOutRevocations(deps: SignInDeps, access: IdentityAccess): Promise<number> {
  const mark = markConcerningNewTokens(access);
  const wait = waitBeforeIssuing(mark, deps.clock.now());
  if (wait > 0) await deps.clock.sleep(wait);
  return mark;
}

/** True when the provider's clock still put the tokens before the mark (it runs behind ours by more than the margin). */
const issuedBeforeMark = (tokens: SignInTokens, mark: number): boolean => {
  const iat = issuedAtOf(tokens.accessToken);
  return iat !== null && iat < mark;
};

/**
 * Sign-in. Cognito checks the password (and, with MFA, challenges for a TOTP code); the stored memberships decide
 * whether this person may sign in at all. A member of an account that requires MFA who has none gets the
 * MFA_SETUP challenge: its session is an access token that the authenticator lets through to /v1/me/mfa/* only.
 */
export async function signIn(deps: SignInDeps, input: { email: string; password: string }): Promise<SignInOutcome> {
  // one read serves the wait for fresh tokens, the failure events and the activeness decision
  const access = await deps.identities.getAccessByEmail(input.email);
  const mark = await waitOutRevocations(deps, access);
  let result: SignInResult;
  try {
    result = await deps.idp.signIn(input.email, input.password);
    if (result.kind === 'tokens' && issuedBeforeMark(result.tokens, mark)) {
      // the provider's clock is behind ours: ask once more, a moment later
      await deps.clock.sleep(2 * FRESH_TOKEN_MARGIN_MS);
      result = await deps.idp.signIn(input.email, input.password);
    }
  } catch (error) {
    if (error instanceof InvalidCredentialsError) await recordFailure(deps, access, 'invalid_password');
    throw error;
  }
  const { identity, active } = await activeAccess(deps, access);
  if (result.kind === 'challenge') {
    // a password an account manager set as temporary: the person chooses their own (completeNewPassword)
    if (result.challenge === 'NEW_PASSWORD_REQUIRED')
      return { challenge: 'NEW_PASSWORD_REQUIRED', session: result.session };
    if (result.challenge !== 'SOFTWARE_TOKEN_MFA')
      throw new InvalidCredentialsError('This sign-in needs a step this API does not offer');
    return { challenge: 'SOFTWARE_TOKEN_MFA', session: result.session };
  }
  return afterPassword(deps, identity, active, result.tokens);
}

/**
 * A proven password that Cognito answered with tokens (sign-in, or a new password in place of a temporary one): the
 * stored record decides what the person gets. MFA on record but no TOTP step: refused (`before`, e.g. the password
 * change, is still recorded). An account requiring MFA they have not set up: the MFA_SETUP challenge. Otherwise tokens.
 */
export async function afterPassword(
  deps: SignInDeps,
  identity: Identity,
  active: Membership[],
  tokens: SignInTokens,
  before: AuditEvent[] = [],
): Promise<SignInOutcome> {
  if (identity.mfaEnabled) {
    // Cognito let this sign-in through without the TOTP step our record requires: MFA was switched off around this
    // service (e.g. with Cognito's own API and an access token). Refuse; an account manager can reset MFA.
    if (before.length) await deps.audit.record(before);
    await recordFailure(deps, { identity, memberships: active }, 'mfa_mismatch');
    throw new InvalidCredentialsError();
  }
  const signedIn = (details: Record<string, unknown>) =>
    eventsPerMembership(deps.ids, active, {
      type: lifecycleEvents.signInSucceeded,
      at: deps.clock.now().toISOString(),
      actor: 'self',
      details,
    });
  if ((await deps.identities.accountsRequiringMfa(active)).length > 0) {
    await deps.audit.record([...before, ...signedIn({ mfa: false, mfaSetupRequired: true })]);
    return { challenge: 'MFA_SETUP', session: tokens.accessToken };
  }
  await deps.audit.record([...before, ...signedIn({ mfa: false })]);
  countMetric('signInSucceeded');
  return sealed(deps, tokens, identity.id);
}

/** The second step of an MFA sign-in: `{ session, code }` → tokens. A wrong code is 401 invalid_mfa_code. */
export async function completeMfaSignIn(
  deps: SignInDeps,
  input: { session: string; code: string },
): Promise<SignInTokens> {
  const email = deps.mfa.sessionEmail(input.session);
  const access = email ? await deps.identities.getAccessByEmail(email) : null;
  if (access) await waitOutRevocations(deps, access);
  let answered: Awaited<ReturnType<Deps['mfa']['answerTotpChallenge']>>;
  const answer = () => deps.mfa.answerTotpChallenge(input.session, input.code);
  try {
    // at most MFA_CODE_ATTEMPTS wrong codes per person in the window, counted with enrolment's and MFA removal's
    answered = access?.identity
      ? await checkCodeWithinLimit(deps, access.identity.id, answer, () => false)
      : await answer();
  } catch (error) {
    if (access && error instanceof InvalidMfaCodeError) await recordFailure(deps, access, 'invalid_mfa_code');
    throw error;
  }
  const { identity, active } = await activeAccess(
    deps,
    access && answered.email === email ? access : await deps.identities.getAccessByEmail(answered.email),
  );
  await deps.audit.record(
    eventsPerMembership(deps.ids, active, {
      type: lifecycleEvents.signInSucceeded,
      at: deps.clock.now().toISOString(),
      actor: 'self',
      details: { mfa: true },
    }),
  );
  countMetric('signInSucceeded');
  return sealed(deps, answered.tokens, identity.id);
}
