import { openPageSession, sealPageSession, tokenExpiry } from '#adapters/page-session.ts';
import type { IdentityCaller } from '#domain/caller.ts';
import { MfaRequiredError, UnauthenticatedError } from '#domain/errors.ts';
import type { IdentityAuthentication } from '#ports/identities.ts';
import { asIdentity, memberRoute } from '../authenticate.ts';
import { cookieName, setCookie } from '../page.ts';
import { noteCaller } from '../request-observation.ts';

/**
 * The browser session of the hosted pages: one HttpOnly, SameSite=Strict cookie holding the person's access token,
 * sealed (encrypted, see page-session.ts), for as long as the token lives. No refresh token is kept: when the token
 * expires, the person signs in again. Never in a URL, never logged. On https the cookie is `__Host-` prefixed and
 * Secure (no Domain, Path=/), so no sibling host can set or read it.
 */
export const SESSION_COOKIE = 'sb_session';

export const sessionCookieName = (secure: boolean): string => cookieName(SESSION_COOKIE, secure);

/** The `Set-Cookie` value that signs the holder of `accessToken` in until the token expires (an expired one: out). */
export function sessionCookie(secure: boolean, accessToken: string, now = Date.now()): string {
  const exp = tokenExpiry(accessToken) ?? 0;
  const maxAge = exp - Math.floor(now / 1000);
  if (maxAge <= 0) return clearedSessionCookie(secure);
  return setCookie(SESSION_COOKIE, sealPageSession('session', { accessToken }, exp), secure, maxAge);
}

/** The `Set-Cookie` value that signs out (the browser drops the cookie at once). */
export const clearedSessionCookie = (secure: boolean): string => setCookie(SESSION_COOKIE, '', secure, 0);

export type PageSession =
  | { state: 'signed-in'; caller: IdentityCaller; accessToken: string }
  /** Signed in, but an account of theirs requires MFA they have not set up: only enrolment is open to them. */
  | { state: 'mfa-setup-required'; caller: IdentityCaller; accessToken: string }
  | { state: 'signed-out' };

/**
 * Who holds the session cookie, authenticated exactly as the JSON API authenticates a bearer token on `/v1/me`
 * (the same authenticator: signature, expiry, revocation marks, deactivation, MFA policy). A missing, forged, expired
 * or revoked session is `signed-out`; a person held at MFA enrolment by policy is `mfa-setup-required` (the
 * authenticator's enrolment mode, as the `/v1/me/mfa/*` routes use it).
 */
export async function pageSession(
  identities: IdentityAuthentication,
  secure: boolean,
  cookies: Record<string, string | undefined>,
  now = Date.now(),
): Promise<PageSession> {
  const accessToken = openPageSession('session', cookies[sessionCookieName(secure)], now)?.accessToken;
  if (!accessToken) return { state: 'signed-out' };
  return authenticateToken(identities, accessToken);
}

/** The same for an access token the page holds otherwise (the MFA_SETUP step of a sign-in). */
export async function authenticateToken(identities: IdentityAuthentication, accessToken: string): Promise<PageSession> {
  const headers = { authorization: `Bearer ${accessToken}` };
  try {
    const caller = asIdentity(await memberRoute(identities).authenticate(headers, {}));
    noteCaller(caller);
    return { state: 'signed-in', caller, accessToken };
  } catch (error) {
    if (error instanceof UnauthenticatedError) return { state: 'signed-out' };
    if (!(error instanceof MfaRequiredError)) throw error;
  }
  try {
    const caller = asIdentity(await memberRoute(identities, { mfaEnrollment: true }).authenticate(headers, {}));
    noteCaller(caller);
    return { state: 'mfa-setup-required', caller, accessToken };
  } catch (error) {
    if (error instanceof UnauthenticatedError) return { state: 'signed-out' };
    throw error;
  }
}

/** How long an enrolment form stays good (the person scans, opens the app, types a code). */
const ENROLMENT_SECONDS = 15 * 60;

/**
 * The hidden field of an enrolment form: the new TOTP secret (shown again if a code is mistyped) and, in a sign-in's
 * MFA_SETUP step, the access token that step works with (capped by the token's own expiry).
 */
export function enrolmentField(value: { secret: string; accessToken?: string }, now = Date.now()): string {
  const until = Math.floor(now / 1000) + ENROLMENT_SECONDS;
  const exp = value.accessToken ? Math.min(until, tokenExpiry(value.accessToken) ?? 0) : until;
  return sealPageSession(value.accessToken ? 'mfa-setup' : 'mfa-secret', value, exp);
}

export function openEnrolmentField(
  kind: 'sign-in' | 'account',
  sealed: string | undefined,
  now = Date.now(),
): { secret: string; accessToken?: string } | null {
  const value = openPageSession(kind === 'sign-in' ? 'mfa-setup' : 'mfa-secret', sealed, now);
  if (!value?.secret || (kind === 'sign-in' && !value.accessToken)) return null;
  return { secret: value.secret, ...(value.accessToken ? { accessToken: value.accessToken } : {}) };
}
