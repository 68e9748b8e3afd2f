import { openPageSession, sealPageSession, tokenExpiry } from '#adapters/page-session.ts';
import type { IdentityCaller } from '#domain/caller.ts';
import { MfaRequiredError, UnauthenticatedError } from '#domain/errors.ts';
import type { IdentityStore } from '#ports/identities.ts';
import { asIdentity, memberRoute } from '../authenticate.ts';

/**
 * The browser session of the hosted pages: one HttpOnly, SameSite=Strict cookie holding the person's access token,
 * sealed (encrypted, see page-session.ts), for as long as the token lives. No refresh token is kept: when the token
 * expires, the person signs in again. Never in a URL, never logged. On https the cookie is `__Host-` prefixed and
 * Secure (no Domain, Path=/), so no sibling host can set or read it.
 */
export const SESSION_COOKIE = 'sb_session';

export const sessionCookieName = (appUrl: string): string =>
  isHttps(appUrl) ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;

const isHttps = (appUrl: string) => appUrl.toLowerCase().startsWith('https:');

/** A `Set-Cookie` value of the session: `maxAge` 0 clears it. */
export interface SessionCookie {
  name: string;
  value: string;
  maxAge: number;
  secure: boolean;
}

/** The cookie that signs the holder of `accessToken` in, until the token expires. */
export function sessionCookie(appUrl: string, accessToken: string, now = Date.now()): SessionCookie {
  const exp = tokenExpiry(accessToken);
  const maxAge = exp === null ? 0 : Math.max(0, exp - Math.floor(now / 1000));
  return {
    name: sessionCookieName(appUrl),
    value: maxAge > 0 ? sealPageSession('session', accessToken) : '',
    maxAge,
    secure: isHttps(appUrl),
  };
}

/** The cookie that signs out (the browser drops it at once). */
export const clearedSessionCookie = (appUrl: string): SessionCookie => ({
  name: sessionCookieName(appUrl),
  value: '',
  maxAge: 0,
  secure: isHttps(appUrl),
});

/** `name=value; Max-Age=…; Path=/; HttpOnly; SameSite=Strict[; Secure]`. */
export const setCookieHeader = (c: SessionCookie): string =>
  `${c.name}=${c.value}; Max-Age=${c.maxAge}; Path=/; HttpOnly; SameSite=Strict${c.secure ? '; Secure' : ''}`;

export type PageSession =
  | { state: 'signed-in'; caller: IdentityCaller; accessToken: string }
  /** Signed in, but an account of theirs requires MFA they have not set up: only enrolment is open to them. */
  | { state: 'mfa-setup-required'; caller: IdentityCaller; accessToken: string }
  | { state: 'signed-out' };

/**
 * Who holds the session cookie, authenticated exactly as the JSON API authenticates a bearer token on `/v1/me`
 * (the same authenticator: signature, expiry, revocation marks, deactivation, MFA policy). A missing, forged, expired
 * or revoked session is `signed-out`; a person held at MFA enrolment by policy is `mfa-setup-required` (the
 * authenticator's enrolment mode, as `/v1/me/mfa/*` routes use it).
 */
export async function pageSession(
  identities: IdentityStore,
  appUrl: string,
  cookies: Record<string, string | undefined>,
  now = Date.now(),
): Promise<PageSession> {
  const accessToken = openPageSession('session', cookies[sessionCookieName(appUrl)], now);
  if (!accessToken) return { state: 'signed-out' };
  return authenticateToken(identities, accessToken);
}

/** The same for the access token a sign-in's MFA_SETUP step carries (sealed in the form, kind `mfa-setup`). */
export async function authenticateToken(identities: IdentityStore, accessToken: string): Promise<PageSession> {
  const headers = { authorization: `Bearer ${accessToken}` };
  try {
    const caller = await memberRoute(identities).authenticate(headers, {});
    return { state: 'signed-in', caller: asIdentity(caller), accessToken };
  } catch (error) {
    if (error instanceof UnauthenticatedError) return { state: 'signed-out' };
    if (!(error instanceof MfaRequiredError)) throw error;
  }
  try {
    const caller = await memberRoute(identities, { mfaEnrollment: true }).authenticate(headers, {});
    return { state: 'mfa-setup-required', caller: asIdentity(caller), accessToken };
  } catch (error) {
    if (error instanceof UnauthenticatedError) return { state: 'signed-out' };
    throw error;
  }
}
