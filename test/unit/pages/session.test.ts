/**
 * The hosted pages' browser session: the sealed (encrypted) cookie, the enrolment form's sealed field, and the
 * session's authentication by the JSON API's own authenticator (real RS256 tokens signed here against a JWKS on
 * 127.0.0.1; the in-memory stores).
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
  enrolmentField,
  openEnrolmentField,
  pageSession,
  sessionCookie,
} from '#http/pages/session.ts';
import { withMfa, world } from '../../builders/memory.ts';
import { nowSeconds, startJwks } from '../../support/jwks.ts';

let jwks: Awaited<ReturnType<typeof startJwks>>;
let issuer: string;
const CLIENT = 'unit-client';

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

/** The cookie a browser would send back after `Set-Cookie: <header>`. */
const cookiesOf = (setCookie: string) => {
  const [pair] = setCookie.split(';');
  const at = pair.indexOf('=');
  return { [pair.slice(0, at)]: pair.slice(at + 1) };
};

describe('the sealed session value', () => {
  it('opens to what it sealed, and shows nothing of it (encrypted, not just signed)', async () => {
    const jwt = await token('someone');
    const sealed = sealPageSession('session', { accessToken: jwt }, nowSeconds() + 60);
    expect(openPageSession('session', sealed)).toEqual({ accessToken: jwt });
    for (const part of jwt.split('.')) expect(sealed).not.toContain(part.slice(0, 12));
    expect(Buffer.from(sealed.split('.')[2], 'base64url').toString('utf8')).not.toContain('someone');
    // each seal is fresh (random IV): two cookies of one token differ
    expect(sealPageSession('session', { accessToken: jwt }, nowSeconds() + 60)).not.toBe(sealed);
  });

  it('refuses a changed, truncated, foreign-kind, foreign-key or expired value (positive control: the untouched one)', async () => {
    const jwt = await token('someone');
    const sealed = sealPageSession('session', { accessToken: jwt }, nowSeconds() + 60);
    const [v, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(openPageSession('session', [v, iv, flipped.toString('base64url'), tag].join('.'))).toBeNull();
    expect(openPageSession('session', [v, iv, body, tag.slice(0, 6)].join('.'))).toBeNull();
    expect(openPageSession('session', `${sealed}.x`)).toBeNull();
    expect(openPageSession('session', jwt)).toBeNull();
    expect(openPageSession('session', undefined)).toBeNull();
    expect(openPageSession('mfa-setup', sealed)).toBeNull();
    expect(
      openPageSession('session', sealPageSession('mfa-setup', { accessToken: jwt }, nowSeconds() + 60)),
    ).toBeNull();
    expect(openPageSession('session', sealed, (nowSeconds() + 61) * 1000)).toBeNull();
    useSealingSecret('another-deployment');
    expect(openPageSession('session', sealed)).toBeNull();
    useSealingSecret('page-session-unit-secret');
    expect(openPageSession('session', sealed)).toEqual({ accessToken: jwt });
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/, and lives as long as the token', async () => {
    const jwt = await token('someone', { exp: nowSeconds() + 1200 });
    const set = sessionCookie(false, jwt);
    const maxAge = Number(/Max-Age=(\d+)/.exec(set)![1]);
    expect(maxAge).toBeGreaterThanOrEqual(1199);
    expect(maxAge).toBeLessThanOrEqual(1200);
    expect(set).toMatch(/^sb_session=v1\.[A-Za-z0-9_.-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(openPageSession('session', cookiesOf(set).sb_session)).toEqual({ accessToken: jwt });
  });

  it('on https: __Host- prefixed and Secure; signing out sets it empty with Max-Age=0', async () => {
    const set = sessionCookie(true, await token('someone'));
    expect(set).toMatch(/^__Host-sb_session=v1\..*; Path=\/; HttpOnly; SameSite=Strict; Secure; Max-Age=\d+$/);
    expect(clearedSessionCookie(true)).toBe('__Host-sb_session=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0');
    expect(clearedSessionCookie(false)).toBe('sb_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
  });

  it('an expired token signs out instead', async () => {
    const jwt = await token('someone', { iat: nowSeconds() - 7200, exp: nowSeconds() - 10 });
    expect(sessionCookie(false, jwt)).toBe(clearedSessionCookie(false));
  });
});

describe('the enrolment field', () => {
  it('carries the secret (and in a sign-in the token) sealed; one kind does not open as the other', async () => {
    const jwt = await token('someone');
    const signIn = enrolmentField({ secret: 'JBSWY3DPEHPK3PXP', accessToken: jwt });
    expect(signIn).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openEnrolmentField('sign-in', signIn)).toEqual({ secret: 'JBSWY3DPEHPK3PXP', accessToken: jwt });
    expect(openEnrolmentField('account', signIn)).toBeNull();
    const account = enrolmentField({ secret: 'JBSWY3DPEHPK3PXP' });
    expect(openEnrolmentField('account', account)).toEqual({ secret: 'JBSWY3DPEHPK3PXP' });
    expect(openEnrolmentField('sign-in', account)).toBeNull();
    // good for 15 minutes, never beyond the token's own expiry
    expect(openEnrolmentField('account', account, Date.now() + 16 * 60_000)).toBeNull();
    const short = enrolmentField({ secret: 'S', accessToken: await token('x', { exp: nowSeconds() + 60 }) });
    expect(openEnrolmentField('sign-in', short, Date.now() + 120_000)).toBeNull();
    expect(openEnrolmentField('sign-in', short)).toMatchObject({ secret: 'S' });
  });
});

describe('authenticating the session like a bearer token on /v1/me', () => {
  it('an active member is signed in, with their memberships; no cookie, or one of the other name, is signed out', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const jwt = await token(user.identityId!);
    const session = await pageSession(w.deps.identities, false, cookiesOf(sessionCookie(false, jwt)));
    expect(session).toMatchObject({ state: 'signed-in', accessToken: jwt, caller: { kind: 'identity' } });
    expect(session.state === 'signed-in' && session.caller.memberships.map((m) => m.accountId)).toEqual([w.account.id]);
    expect(await pageSession(w.deps.identities, false, {})).toEqual({ state: 'signed-out' });
    // an https deployment reads only its __Host- cookie
    expect(await pageSession(w.deps.identities, true, cookiesOf(sessionCookie(false, jwt)))).toEqual({
      state: 'signed-out',
    });
    expect(await pageSession(w.deps.identities, true, cookiesOf(sessionCookie(true, jwt)))).toMatchObject({
      state: 'signed-in',
    });
    // the raw token in the cookie is no session
    expect(await pageSession(w.deps.identities, false, { sb_session: jwt })).toEqual({ state: 'signed-out' });
  });

  it('deactivation and revocation end the session (positive control: the same cookie before)', async () => {
    const w = await world();
    const { user } = await w.member('bob@acme.test');
    const cookies = cookiesOf(sessionCookie(false, await token(user.identityId!)));
    expect(await pageSession(w.deps.identities, false, cookies)).toMatchObject({ state: 'signed-in' });
    const identity = w.dir.identities.get(user.identityId!)!;
    w.dir.identities.set(user.identityId!, { ...identity, tokensValidAfter: nowSeconds() + 1 });
    expect(await pageSession(w.deps.identities, false, cookies)).toEqual({ state: 'signed-out' });
    w.dir.identities.set(user.identityId!, identity);
    expect(await pageSession(w.deps.identities, false, cookies)).toMatchObject({ state: 'signed-in' });
    await deactivateUser(w.deps, w.manager(), user.id);
    expect(await pageSession(w.deps.identities, false, cookies)).toEqual({ state: 'signed-out' });
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
