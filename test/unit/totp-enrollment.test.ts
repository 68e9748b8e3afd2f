/**
 * Starting a TOTP enrolment takes more than a token: the current password, or a sign-in in the last 5 minutes; and
 * replacing an enrolled authenticator also takes a current code from it. The clock is the in-memory one.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { epochSeconds } from '#domain/clock.ts';
import { MfaAlreadyEnabledError, ReauthenticationRequiredError } from '#domain/errors.ts';
import { memberRoute } from '#http/authenticate.ts';
import { startTotpEnrollment, verifyTotpEnrollment } from '#use-cases/mfa.ts';
import { completeMfaSignIn } from '#use-cases/sign-in.ts';
import { fakeTotpCode } from '../fakes/lifecycle.ts';
import { world } from '../builders/memory.ts';
import { PASSWORD } from '../builders/password.ts';
import { nowSeconds, startJwks } from '../support/jwks.ts';

type World = Awaited<ReturnType<typeof world>>;
const ALICE = 'alice@acme.test';
const token = `access:${ALICE}`;

/** Alice's identity caller as the authenticator builds it, for a token whose sign-in was `secondsAgo` ago. */
const signedIn = (w: World, secondsAgo: number) => ({
  ...w.identityCallerOf(ALICE),
  signedInAt: epochSeconds(w.clock.now()) - secondsAgo,
});

describe('starting a TOTP enrolment', () => {
  it('a token from a sign-in more than 5 minutes ago (a stolen one) cannot start it without the password', async () => {
    const w = await world();
    await w.member(ALICE);
    await expect(startTotpEnrollment(w.deps, signedIn(w, 301), token, {})).rejects.toThrow(
      ReauthenticationRequiredError,
    );
    await expect(
      startTotpEnrollment(w.deps, signedIn(w, 301), token, { password: 'not-the-password' }),
    ).rejects.toThrow(ReauthenticationRequiredError);
    // nothing reached the identity provider
    expect(w.idp.totp.has(ALICE)).toBe(false);
    // a caller built without a sign-in time counts as an old sign-in
    await expect(
      startTotpEnrollment(w.deps, { ...w.identityCallerOf(ALICE), signedInAt: undefined }, token, {}),
    ).rejects.toThrow(ReauthenticationRequiredError);
  });

  it('positive controls: the current password, or a sign-in within 5 minutes', async () => {
    const w = await world();
    await w.member(ALICE);
    await expect(startTotpEnrollment(w.deps, signedIn(w, 301), token, { password: PASSWORD })).resolves.toMatchObject({
      secret: expect.any(String),
    });
    await expect(startTotpEnrollment(w.deps, signedIn(w, 299), token, {})).resolves.toMatchObject({
      secret: expect.any(String),
    });
  });

  it('replacing an enrolled authenticator takes a current code from it as well', async () => {
    const w = await world();
    await w.member(ALICE);
    const { secret: first } = await startTotpEnrollment(w.deps, signedIn(w, 0), token, {});
    await verifyTotpEnrollment(w.deps, signedIn(w, 0), token, { code: fakeTotpCode(first) });
    w.clock.advance(1);
    const enrolled = () => signedIn(w, 0);
    // no code: MFA is already on (as before); a wrong code: re-authentication required; the password alone is not enough
    await expect(startTotpEnrollment(w.deps, enrolled(), token, {})).rejects.toThrow(MfaAlreadyEnabledError);
    await expect(startTotpEnrollment(w.deps, enrolled(), token, { password: PASSWORD })).rejects.toThrow(
      MfaAlreadyEnabledError,
    );
    await expect(startTotpEnrollment(w.deps, enrolled(), token, { code: '000000' })).rejects.toThrow(
      ReauthenticationRequiredError,
    );
    expect(w.idp.totp.get(ALICE)?.secret).toBe(first);
    // an old sign-in with the right code still needs the password
    await expect(startTotpEnrollment(w.deps, signedIn(w, 600), token, { code: fakeTotpCode(first) })).rejects.toThrow(
      ReauthenticationRequiredError,
    );
    // positive control: the current code replaces it once the new one is verified
    const { secret: second } = await startTotpEnrollment(w.deps, enrolled(), token, { code: fakeTotpCode(first) });
    expect(second).not.toBe(first);
    await expect(verifyTotpEnrollment(w.deps, enrolled(), token, { code: fakeTotpCode(second) })).resolves.toEqual({
      mfaEnabled: true,
    });
    w.clock.advance(2);
    await expect(
      completeMfaSignIn(w.deps, { session: `session:${ALICE}`, code: fakeTotpCode(second) }),
    ).resolves.toMatchObject({ accessToken: token });
  });
});

describe('the sign-in time the authenticator passes on', () => {
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  beforeAll(async () => {
    jwks = await startJwks();
    process.env.TOKEN_ISSUER = `${jwks.origin}/pool`;
    process.env.USER_POOL_CLIENT_ID = 'unit-client';
  });
  afterAll(() => jwks.close());
  const bearer = async (sub: string, claims: { iat: number; auth_time?: number }) => ({
    authorization: `Bearer ${await new SignJWT({ token_use: 'access', client_id: 'unit-client', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject(sub)
      .setIssuer(`${jwks.origin}/pool`)
      .setIssuedAt(claims.iat)
      .setExpirationTime('1h')
      .sign(jwks.privateKey)}`,
  });

  it('is auth_time (kept across refreshes), not the refreshed token’s iat; iat when there is no auth_time', async () => {
    const w = await world();
    const { user } = await w.member(ALICE);
    const auth = memberRoute(w.deps.identities, { mfaEnrollment: true });
    const now = nowSeconds();
    const refreshed = await auth.authenticate(await bearer(user.identityId!, { iat: now, auth_time: now - 600 }), {});
    expect(refreshed).toMatchObject({ kind: 'identity', signedInAt: now - 600 });
    const plain = await auth.authenticate(await bearer(user.identityId!, { iat: now - 5 }), {});
    expect(plain).toMatchObject({ kind: 'identity', signedInAt: now - 5 });
  });
});
