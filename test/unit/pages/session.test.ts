/**
 * The hosted pages' browser session: the sealed (encrypted) cookie, and its authentication by the JSON API's own
 * authenticator (real RS256 tokens signed here against a JWKS on 127.0.0.1; the in-memory stores).
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPageSession, sealPageSession } from '#adapters/page-session.ts';
import { useSealingSecret } from '#adapters/sealing-keys.ts';
import { updateAccount } from '#use-cases/accounts.ts';
import { deactivateUser } from '#use-cases/lifecycle.ts';
import {
  authenticateToken,
  clearedSessionCookie,
  pageSession,
  sessionCookie,
  setCookieHeader,
} from '#http/pages/session.ts';
import { withMfa, world } from '../../builders/memory.ts';
import { nowSeconds, startJwks } from '../../support/jwks.ts';

let jwks: Awaited<ReturnType<typeof startJwks>>;
let issuer: string;
const CLIENT = 'unit-client';
const HTTP = 'http://127.0.0.1:3000';
const HTTPS = 'https://id.example.com';

beforeAll(async () => {
  jwks = await startJwks();
  issuer = `${jwks.origin}/pool`;
  process.env.TOKEN_ISSUER = issuer;
  process.env.USER_POOL_CLIENT_ID = CLIENT;
  useSealingSecret('page-session-unit-secret');
});
afterAll(() => jwks.close());

const token = (sub: string, claims: { iat?: number; exp?: number } = {}) =>
  new SignJWT({ token_use: 'access', client_id: CLIENT })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject(sub)
    .setIssuer(issuer)
    .setIssuedAt(claims.iat ?? nowSeconds() - 5)
    .setExpirationTime(claims.exp ?? nowSeconds() + 3600)
    .sign(jwks.privateKey);

const cookiesOf = (appUrl: string, accessToken: string) => {
  const c = sessionCookie(appUrl, accessToken);
  return { [c.name]: c.value };
};

describe('the sealed session value', () => {
  it('opens to the token it sealed, and shows nothing of it (encrypted, not just signed)', async () => {
    const jwt = await token('someone');
    const sealed = sealPageSession('session', jwt);
    expect(openPageSession('session', sealed)).toBe(jwt);
    for (const part of jwt.split('.')) expect(sealed).not.toContain(part.slice(0, 12));
    expect(Buffer.from(sealed.split('.')[2], 'base64url').toString('utf8')).not.toContain('someone');
    // each seal is fresh (random IV): two cookies of one token differ
    expect(sealPageSession('session', jwt)).not.toBe(sealed);
  });

  it('refuses a changed, truncated, foreign-kind, foreign-key or expired value (positive control: the untouched one)', async () => {
    const jwt = await token('someone');
    const sealed = sealPageSession('session', jwt);
    const [v, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(openPageSession('session', [v, iv, flipped.toString('base64url'), tag].join('.'))).toBeNull();
    expect(openPageSession('session', [v, iv, body, tag.slice(0, 6)].join('.'))).toBeNull();
    expect(openPageSession('session', `${sealed}.x`)).toBeNull();
    expect(openPageSession('session', jwt)).toBeNull();
    expect(openPageSession('session', undefined)).toBeNull();
    expect(openPageSession('mfa-setup', sealed)).toBeNull();
    expect(openPageSession('session', sealPageSession('mfa-setup', jwt))).toBeNull();
    expect(openPageSession('session', sealed, (nowSeconds() + 3601) * 1000)).toBeNull();
    useSealingSecret('another-deployment');
    expect(openPageSession('session', sealed)).toBeNull();
    useSealingSecret('page-session-unit-secret');
    expect(openPageSession('session', sealed)).toBe(jwt);
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/, and lives as long as the token', async () => {
    const jwt = await token('someone', { exp: nowSeconds() + 1200 });
    const c = sessionCookie(HTTP, jwt);
    expect(c).toMatchObject({ name: 'sb_session', secure: false });
    expect(c.maxAge).toBeGreaterThanOrEqual(1199);
    expect(c.maxAge).toBeLessThanOrEqual(1200);
    expect(setCookieHeader(c)).toMatch(
      new RegExp(`^sb_session=[A-Za-z0-9_.-]+; Max-Age=${c.maxAge}; Path=/; HttpOnly; SameSite=Strict$`),
    );
  });

  it('on https: __Host- prefixed and Secure; signing out sets it empty with Max-Age=0', async () => {
    const c = sessionCookie(HTTPS, await token('someone'));
    expect(c).toMatchObject({ name: '__Host-sb_session', secure: true });
    expect(setCookieHeader(c)).toMatch(/; Secure$/);
    expect(setCookieHeader(clearedSessionCookie(HTTPS))).toBe(
      '__Host-sb_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict; Secure',
    );
    expect(clearedSessionCookie(HTTP).name).toBe('sb_session');
  });

  it('an expired token makes no cookie', async () => {
    const c = sessionCookie(HTTP, await token('someone', { iat: nowSeconds() - 7200, exp: nowSeconds() - 10 }));
    expect(c).toMatchObject({ value: '', maxAge: 0 });
  });
});

describe('authenticating the session like a bearer token on /v1/me', () => {
  it('an active member is signed in, with their memberships; no cookie or a cookie of another name is signed out', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const jwt = await token(user.identityId!);
    const session = await pageSession(w.deps.identities, HTTP, cookiesOf(HTTP, jwt));
    expect(session).toMatchObject({ state: 'signed-in', accessToken: jwt, caller: { kind: 'identity' } });
    expect(session.state === 'signed-in' && session.caller.memberships.map((m) => m.accountId)).toEqual([w.account.id]);
    expect(await pageSession(w.deps.identities, HTTP, {})).toEqual({ state: 'signed-out' });
    // the https deployment reads only its __Host- cookie
    expect(await pageSession(w.deps.identities, HTTPS, cookiesOf(HTTP, jwt))).toEqual({ state: 'signed-out' });
    expect(await pageSession(w.deps.identities, HTTPS, cookiesOf(HTTPS, jwt))).toMatchObject({ state: 'signed-in' });
    // the raw token in the cookie is no session
    expect(await pageSession(w.deps.identities, HTTP, { sb_session: jwt })).toEqual({ state: 'signed-out' });
  });

  it('deactivation and revocation end the session (positive control: the same cookie before)', async () => {
    const w = await world();
    const { user } = await w.member('bob@acme.test');
    const cookies = cookiesOf(HTTP, await token(user.identityId!));
    expect(await pageSession(w.deps.identities, HTTP, cookies)).toMatchObject({ state: 'signed-in' });
    const identity = w.dir.identities.get(user.identityId!)!;
    w.dir.identities.set(user.identityId!, { ...identity, tokensValidAfter: nowSeconds() + 1 });
    expect(await pageSession(w.deps.identities, HTTP, cookies)).toEqual({ state: 'signed-out' });
    w.dir.identities.set(user.identityId!, identity);
    expect(await pageSession(w.deps.identities, HTTP, cookies)).toMatchObject({ state: 'signed-in' });
    await deactivateUser(w.deps, w.manager(), user.id);
    expect(await pageSession(w.deps.identities, HTTP, cookies)).toEqual({ state: 'signed-out' });
  });

  it('an account requiring MFA holds a person without it at enrolment; with MFA they are signed in', async () => {
    const w = await world();
    const { user } = await w.member('carol@acme.test');
    await updateAccount(w.deps, withMfa(w.manager()), { mfaRequired: true });
    const jwt = await token(user.identityId!);
    expect(await authenticateToken(w.deps.identities, jwt)).toMatchObject({ state: 'mfa-setup-required' });
    const identity = w.dir.identities.get(user.identityId!)!;
    w.dir.identities.set(user.identityId!, { ...identity, mfaEnabled: true });
    expect(await authenticateToken(w.deps.identities, jwt)).toMatchObject({ state: 'signed-in' });
  });
});
