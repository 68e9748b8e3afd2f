import type { IdentityCaller, MemberCaller } from '#domain/caller.ts';
import {
  MfaAlreadyEnabledError,
  MfaNotEnabledError,
  MfaRequiredError,
  ReauthenticationRequiredError,
  ValidationError,
} from '#domain/errors.ts';
import { epochSeconds } from '#domain/clock.ts';
import { nextRevocationMark } from '#domain/identity.ts';
import { lifecycleEvents } from '#domain/lifecycle.ts';
import { eventsPerMembership } from '#domain/audit.ts';
import { activeOnly, notClosed } from './audit.ts';
import { checkCodeWithinLimit } from './code-attempts.ts';
import { memberWithOwnSignIn, signInChangedBy } from './credentials.ts';
import type { Deps, UserReads } from './deps.ts';

/** A code of the person's authenticator, checked within their attempt limit (429 past it). */
const codeMatches = (
  deps: Pick<Deps, 'mfa' | 'codeAttempts' | 'clock'>,
  caller: IdentityCaller,
  accessToken: string,
  code: string,
): Promise<boolean> =>
  checkCodeWithinLimit(
    deps,
    caller.identity.id,
    () => deps.mfa.verifyTotp(accessToken, code),
    (ok) => !ok,
  );

/** A sign-in this recent stands in for the password when enrolling an authenticator. */
export const RECENT_SIGN_IN_SECONDS = 5 * 60;
const signedInRecently = (caller: IdentityCaller, now: Date): boolean =>
  caller.signedInAt !== undefined && epochSeconds(now) - caller.signedInAt <= RECENT_SIGN_IN_SECONDS;
/** The authenticator app shows the deployment's brand name as the issuer, never "Switchboard" unless that is the brand. */
export const otpauthUri = (issuer: string, email: string, secret: string) =>
  `otpauth://totp/${encodeURIComponent(`${issuer}:${email}`)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;

/**
 * Step 1 of enrollment: a new TOTP secret from Cognito, shown once (never logged, never stored here). A token alone is
 * not enough (a stolen one would let its holder lock the person out with their own authenticator): the current
 * password, or a sign-in within RECENT_SIGN_IN_SECONDS (the token's auth_time, which a refresh keeps). Replacing an
 * enrolled authenticator also takes a current code from it; without one the answer stays 409 mfa_already_enabled.
 */
export async function startTotpEnrollment(
  deps: Pick<Deps, 'mfa' | 'idp' | 'clock' | 'codeAttempts' | 'settings'>,
  caller: IdentityCaller,
  accessToken: string,
  input: { password?: string; code?: string } = {},
): Promise<{ secret: string; otpauthUri: string }> {
  if (caller.identity.mfaEnabled && input.code === undefined)
    throw new MfaAlreadyEnabledError('To replace the authenticator, send a current code from it');
  if (!signedInRecently(caller, deps.clock.now())) {
    if (!input.password || !(await deps.idp.verifyPassword(caller.identity.email, input.password)))
      throw new ReauthenticationRequiredError(
        'Enter your password to set up an authenticator (or sign in again: a sign-in counts for 5 minutes)',
      );
  }
  if (caller.identity.mfaEnabled && !(await codeMatches(deps, caller, accessToken, input.code!)))
    throw new ReauthenticationRequiredError('Enter a current code from the authenticator you replace');
  const { secret } = await deps.mfa.associateTotp(accessToken);
  return { secret, otpauthUri: otpauthUri(deps.settings.brand.brandName, caller.identity.email, secret) };
}

/**
 * Step 2: a code from the authenticator proves it works; MFA is then on for every sign-in of this person. Every
 * session issued before (password-only, including the MFA_SETUP one) is revoked: the next sign-in uses the code.
 * With MFA already on, this completes a replacement that step 1 allowed (a current code of the old one): Cognito
 * holds a new pending secret only then, so the code proves the new authenticator.
 */
export async function verifyTotpEnrollment(
  deps: Pick<Deps, 'mfa' | 'credentials' | 'clock' | 'ids' | 'codeAttempts'>,
  caller: IdentityCaller,
  accessToken: string,
  input: { code: string },
): Promise<{ mfaEnabled: true }> {
  if (!(await codeMatches(deps, caller, accessToken, input.code))) {
    throw new ValidationError(
      [{ path: 'code', message: 'does not match the authenticator; start again if the secret is lost' }],
      'invalid_mfa_code',
      'The code is not valid',
    );
  }
  await deps.mfa.setTotpEnabled(accessToken, true);
  const now = deps.clock.now();
  const events = eventsPerMembership(deps.ids, notClosed(caller.memberships), {
    type: lifecycleEvents.mfaEnabled,
    at: now.toISOString(),
    actor: 'self',
    ...(caller.identity.mfaEnabled ? { details: { replaced: true } } : {}),
  });
  await deps.credentials.setMfa(caller.identity.id, {
    enabled: true,
    revokeSessionsAt: nextRevocationMark(caller.identity.tokensValidAfter, now),
    events,
  });
  return { mfaEnabled: true };
}

/** Turning one's own MFA off takes a current code; an account that requires MFA keeps it on. */
export async function disableMfa(
  deps: Pick<Deps, 'mfa' | 'credentials' | 'identities' | 'clock' | 'ids' | 'codeAttempts'>,
  caller: IdentityCaller,
  accessToken: string,
  input: { code: string },
): Promise<void> {
  if (!caller.identity.mfaEnabled) throw new MfaNotEnabledError();
  if ((await deps.identities.accountsRequiringMfa(activeOnly(caller.memberships))).length > 0) {
    throw new MfaRequiredError('An account you belong to requires MFA, so it stays on');
  }
  if (!(await codeMatches(deps, caller, accessToken, input.code)))
    throw new ReauthenticationRequiredError('Enter a current code from your authenticator');
  // our record first: if Cognito then fails, sign-in still challenges for a code (safe); the other order would leave
  // Cognito without MFA while our record requires it, which sign-in refuses
  const events = eventsPerMembership(deps.ids, notClosed(caller.memberships), {
    type: lifecycleEvents.mfaDisabled,
    at: deps.clock.now().toISOString(),
    actor: 'self',
  });
  await deps.credentials.setMfa(caller.identity.id, { enabled: false, events });
  await deps.mfa.setTotpEnabled(accessToken, false);
}

/**
 * An account manager removes a member's MFA (lost phone). Like setting a password, only for a person who belongs to
 * this account alone. Their sessions are revoked: one of them may be on the lost device.
 */
export async function resetUserMfa(
  deps: Pick<Deps, 'identities' | 'credentials' | 'signIns' | 'clock' | 'ids' | 'access'> & { users: UserReads },
  caller: MemberCaller,
  userId: string,
): Promise<void> {
  const { identity } = await memberWithOwnSignIn(
    deps,
    caller,
    userId,
    'This person is also a member of another account',
  );
  // also when our record says off: converges with a provider that still has it
  await deps.signIns.removeMfa(identity.email);
  if (!identity.mfaEnabled) return;
  const now = deps.clock.now();
  const event = signInChangedBy(deps.ids, caller, lifecycleEvents.mfaReset, now, userId);
  await deps.credentials.setMfa(identity.id, {
    enabled: false,
    revokeSessionsAt: nextRevocationMark(identity.tokensValidAfter, now),
    events: [event],
  });
  await deps.signIns.signOutEverywhere(identity.email);
}
