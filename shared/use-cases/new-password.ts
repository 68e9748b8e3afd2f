import { eventsPerMembership } from '#domain/audit.ts';
import { InvalidCredentialsError, UnauthenticatedError } from '#domain/errors.ts';
import { lifecycleEvents } from '#domain/lifecycle.ts';
import { assertStrongPassword } from '#domain/password-policy.ts';
import { activeAccess, afterPassword, waitOutRevocations, type SignInDeps, type SignInOutcome } from './sign-in.ts';

/**
 * The second step of a sign-in with a temporary password (set by an account manager): `{ session, password }`, the
 * person's own password, replaces the temporary one. Then it goes on like sign-in after a password: the TOTP
 * challenge for a person with MFA (Cognito answers it), MFA_SETUP where an account requires MFA and they have none,
 * otherwise tokens. The password policy is checked first, and the person must still be active somewhere: a refusal
 * changes nothing. No revocation here: the manager's set already revoked every session, and a temporary password
 * gives no tokens until this step.
 */
export async function completeNewPassword(
  deps: SignInDeps,
  input: { session: string; password: string },
): Promise<SignInOutcome> {
  assertStrongPassword(input.password);
  const email = deps.idp.newPasswordSessionEmail(input.session);
  if (!email) throw new UnauthenticatedError('This sign-in session is invalid or has expired; sign in again');
  const access = await deps.identities.getAccessByEmail(email);
  const { identity, active } = await activeAccess(deps, access);
  // the tokens this step issues must outlive any revocation of the same second (as sign-in's do)
  await waitOutRevocations(deps, access);
  const result = await deps.idp.completeNewPassword(input.session, input.password);

  const changed = eventsPerMembership(deps.ids, active, {
    type: lifecycleEvents.passwordChanged,
    at: deps.clock.now().toISOString(),
    actor: 'self',
    details: { temporaryReplaced: true },
  });
  if (result.kind === 'challenge') {
    await deps.audit.record(changed);
    if (result.challenge !== 'SOFTWARE_TOKEN_MFA')
      throw new InvalidCredentialsError('This sign-in needs a step this API does not offer');
    return { challenge: 'SOFTWARE_TOKEN_MFA', session: result.session };
  }
  // as in sign-in (cognito-local always skips the TOTP step after a new password; the password is changed either way)
  return afterPassword(deps, identity, active, result.tokens, changed);
}
