import * as v from 'valibot';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { InvalidCredentialsError, RateLimitedError, UnauthenticatedError, WeakPasswordError } from '#domain/errors.ts';
import { route } from '#http/operations/submit-sign-in-page.ts';
import { page, type PageRequest, type PageResult } from '#http/page.ts';
import { typedCode } from '#http/pages/mfa-enrolment.ts';
import { authenticateToken, enrolmentField, openEnrolmentField, sessionCookie } from '#http/pages/session.ts';
import { type SignInStep, signInPage } from '#http/pages/sign-in.ts';
import { Email } from '#http/schemas/common.ts';
import { withFailureTimingFloor } from '#http/timing.ts';
import { otpauthUri, startTotpEnrollment, verifyTotpEnrollment } from '#use-cases/mfa.ts';
import { completeNewPassword } from '#use-cases/new-password.ts';
import { completeMfaSignIn, type SignInOutcome, signIn } from '#use-cases/sign-in.ts';
import { codeRefusal, pageDeps, pageWiring } from './wiring/pages.ts';
import { FAILURE_FLOOR_MS } from './wiring/sign-in.ts';

type Req = PageRequest<typeof route>;

/**
 * The sign-in page's steps, each calling the use case its JSON route calls (so the same enumeration rules, rate
 * limits and MFA policy hold): password → tokens, or the TOTP step, the MFA enrolment an account requires, or a new
 * password in place of a temporary one. Signed in: the session cookie, and 303 to /account.
 */
export const handler = page(route, pageWiring, async (req) => {
  await loadSealingKeys();
  const { form } = req;
  const show = (step: SignInStep, status = 200): PageResult => ({
    status,
    body: signInPage({ ...req.visitor, nonce: req.nonce, csrf: req.csrf, ...step }),
  });
  const restart = () => show({ step: 'password', error: 'expired' }, 401);

  if (form.step === 'password') {
    const email = v.safeParse(Email, form.email.trim());
    if (!email.success) return show({ step: 'password', email: form.email, error: 'email' }, 400);
    if (!form.password) return show({ step: 'password', email: email.output, error: 'password' }, 400);
    try {
      const outcome = await withFailureTimingFloor(FAILURE_FLOOR_MS, () =>
        signIn(pageDeps, { email: email.output, password: form.password }),
      );
      return await next(req, outcome, show, restart);
    } catch (error) {
      // one answer for a wrong password, an unknown address and a member no account has active (as the JSON route)
      if (error instanceof InvalidCredentialsError)
        return show({ step: 'password', email: email.output, error: 'credentials' }, 401);
      if (error instanceof RateLimitedError)
        return show({ step: 'password', email: email.output, error: 'rateLimited' }, 429);
      throw error;
    }
  }

  if (form.step === 'mfa') {
    const code = typedCode(form.code);
    if (!code) return show({ step: 'mfa', session: form.session, error: 'code' }, 400);
    try {
      const tokens = await withFailureTimingFloor(FAILURE_FLOOR_MS, () =>
        completeMfaSignIn(pageDeps, { session: form.session, code }),
      );
      return signedIn(req, tokens.accessToken);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return restart();
      const refused = codeRefusal(error);
      return refused === 'expired' ? restart() : show({ step: 'mfa', session: form.session, error: refused }, 401);
    }
  }

  if (form.step === 'mfa-setup') {
    const setup = openEnrolmentField('sign-in', form.setup);
    if (!setup?.accessToken) return restart();
    const session = await authenticateToken(pageDeps.identities, setup.accessToken);
    if (session.state === 'signed-out') return restart();
    // a mistyped code: the same QR code and key again (the provider holds this secret until a code proves it)
    const again = (error: 'code' | 'codeWrong' | 'rateLimited', status: number) =>
      show(
        {
          step: 'mfa-setup',
          setup: form.setup,
          secret: setup.secret,
          otpauthUri: otpauthUri(pageDeps.settings.brand.brandName, session.caller.identity.email, setup.secret),
          error,
        },
        status,
      );
    const code = typedCode(form.code);
    if (!code) return again('code', 400);
    try {
      await verifyTotpEnrollment(pageDeps, session.caller, setup.accessToken, { code });
    } catch (error) {
      const refused = codeRefusal(error);
      return refused === 'expired' ? restart() : again(refused, refused === 'rateLimited' ? 429 : 400);
    }
    // enrolling revokes every session from before it, this one too: the person signs in again, now with a code
    return { redirect: '/sign-in?done=mfa-on' };
  }

  // a new password in place of a temporary one
  try {
    const outcome = await completeNewPassword(pageDeps, { session: form.session, password: form.newPassword });
    return await next(req, outcome, show, restart);
  } catch (error) {
    if (error instanceof WeakPasswordError)
      return show({ step: 'new-password', session: form.session, error: 'rules' }, 400);
    if (error instanceof RateLimitedError)
      return show({ step: 'new-password', session: form.session, error: 'rateLimited' }, 429);
    if (error instanceof UnauthenticatedError || error instanceof InvalidCredentialsError) return restart();
    throw error;
  }
});

/** A proven password (or new password): tokens sign in; a challenge shows its step. */
async function next(
  req: Req,
  outcome: SignInOutcome,
  show: (step: SignInStep, status?: number) => PageResult,
  restart: () => PageResult,
): Promise<PageResult> {
  if (!('challenge' in outcome)) return signedIn(req, outcome.accessToken);
  if (outcome.challenge === 'SOFTWARE_TOKEN_MFA') return show({ step: 'mfa', session: outcome.session });
  if (outcome.challenge === 'NEW_PASSWORD_REQUIRED') return show({ step: 'new-password', session: outcome.session });
  // MFA_SETUP: the session is an access token good for enrolment only; a sign-in this fresh needs no password again
  const accessToken = outcome.session;
  const session = await authenticateToken(pageDeps.identities, accessToken);
  if (session.state === 'signed-out') return restart();
  const { secret, otpauthUri } = await startTotpEnrollment(pageDeps, session.caller, accessToken, {});
  return show({ step: 'mfa-setup', setup: enrolmentField({ secret, accessToken }), secret, otpauthUri });
}

const signedIn = (req: Req, accessToken: string): PageResult => ({
  redirect: '/account',
  cookies: [sessionCookie(req.secure, accessToken)],
});
