import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import {
  MfaAlreadyEnabledError,
  MfaNotEnabledError,
  MfaRequiredError,
  RateLimitedError,
  ReauthenticationRequiredError,
} from '#domain/errors.ts';
import { route } from '#http/operations/submit-account-page.ts';
import { page } from '#http/page.ts';
import { typedCode } from '#http/pages/mfa-enrolment.ts';
import { clearedSessionCookie, enrolmentField, openEnrolmentField, pageSession } from '#http/pages/session.ts';
import { disableMfa, otpauthUri, startTotpEnrollment, verifyTotpEnrollment } from '#use-cases/mfa.ts';
import { accountView } from './wiring/account-page.ts';
import { accountPage } from '#http/pages/account-enrolment.ts';
import { codeRefusal, pageDeps, pageWiring } from './wiring/pages.ts';

/**
 * Two-step sign-in from the account page, with the use cases of /v1/me/mfa (their policy, re-authentication and code
 * limits): start (the QR code and key), verify (the first code turns it on, which ends every session: sign in again),
 * turn off (a current code; never while an account requires it).
 */
export const handler = page(route, pageWiring, async (req) => {
  await loadSealingKeys();
  const { form, secure } = req;
  const session = await pageSession(pageDeps.identities, secure, req.cookies);
  if (session.state === 'signed-out') return { redirect: '/sign-in', cookies: [clearedSessionCookie(secure)] };
  const { caller, accessToken } = session;
  const view = async (status: number, state: Parameters<typeof accountView>[2]) => ({
    status,
    body: await accountView(req, session, state, accountPage),
  });

  if (form.action === 'mfa-start') {
    try {
      const { secret, otpauthUri: uri } = await startTotpEnrollment(pageDeps, caller, accessToken, {
        ...(form.password ? { password: form.password } : {}),
      });
      return view(200, { enrolment: { setup: enrolmentField({ secret }), secret, otpauthUri: uri } });
    } catch (error) {
      // no password sent (the sign-in has just become older than 5 minutes): the form asks for it, its hint says why
      if (error instanceof ReauthenticationRequiredError)
        return view(403, { needsPassword: true, ...(form.password ? { error: 'password' as const } : {}) });
      if (error instanceof RateLimitedError) return view(429, { error: 'rateLimited' });
      // replacing an authenticator is for the API; the page shows the state as it is
      if (error instanceof MfaAlreadyEnabledError) return { redirect: '/account' };
      throw error;
    }
  }

  if (form.action === 'mfa-verify') {
    const setup = openEnrolmentField('account', form.setup);
    if (!setup) return view(400, { error: 'expired' });
    const enrolment = {
      setup: form.setup,
      secret: setup.secret,
      otpauthUri: otpauthUri(pageDeps.settings.brand.brandName, caller.identity.email, setup.secret),
    };
    const code = typedCode(form.code);
    if (!code) return view(400, { enrolment, error: 'code' });
    try {
      await verifyTotpEnrollment(pageDeps, caller, accessToken, { code });
    } catch (error) {
      const refused = codeRefusal(error);
      if (refused === 'expired') return { redirect: '/sign-in', cookies: [clearedSessionCookie(secure)] };
      return view(refused === 'rateLimited' ? 429 : 400, { enrolment, error: refused });
    }
    // turning MFA on revokes every session from before, this one too: sign in again, now with a code
    return { redirect: '/sign-in?done=mfa-on', cookies: [clearedSessionCookie(secure)] };
  }

  // mfa-disable
  const code = typedCode(form.code);
  if (!code) return view(400, { error: 'code' });
  try {
    await disableMfa(pageDeps, caller, accessToken, { code });
  } catch (error) {
    // the page offered no "turn off" here: it shows why (or the state as it is now)
    if (error instanceof MfaRequiredError || error instanceof MfaNotEnabledError) return { redirect: '/account' };
    const refused = codeRefusal(error);
    if (refused === 'expired') return { redirect: '/sign-in', cookies: [clearedSessionCookie(secure)] };
    return view(refused === 'rateLimited' ? 429 : 400, { error: refused });
  }
  return { redirect: '/account?done=mfa-off' };
});
