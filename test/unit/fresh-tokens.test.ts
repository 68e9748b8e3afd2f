/**
 * Fresh tokens: a sign-in right after a revocation (in the same second) asks the identity provider for tokens only
 * once the revocation mark's second has begun, so the tokens it hands out are accepted on the next request. The
 * in-memory clock moves on at once when waited on, so these tests are instant.
 */
import { describe, expect, it } from 'vitest';
import { epochSeconds } from '#domain/clock.ts';
import { FRESH_TOKEN_MARGIN_MS } from '#domain/identity.ts';
import { deactivateUser, reactivateUser } from '#use-cases/lifecycle.ts';
import { startTotpEnrollment, verifyTotpEnrollment } from '#use-cases/mfa.ts';
import { completeMfaSignIn, signIn } from '#use-cases/sign-in.ts';
import { fakeTotpCode } from '../fakes/lifecycle.ts';
import { world } from '../builders/memory.ts';
import { PASSWORD } from '../builders/password.ts';

type World = Awaited<ReturnType<typeof world>>;

/** Records the clock's time each time the identity provider is asked for tokens. */
function askedAt(w: World): Date[] {
  const times: Date[] = [];
  const original = w.idp.signIn.bind(w.idp);
  w.idp.signIn = async (email, password) => {
    times.push(w.clock.now());
    return original(email, password);
  };
  return times;
}

/** A JWT-shaped access token with this `iat`, as the provider issues them. */
const jwtWithIat = (iat: number) =>
  `h.${Buffer.from(JSON.stringify({ iat, token_use: 'access' })).toString('base64url')}.s`;

const atMillis = (w: World, ms: number) => w.clock.advance((ms - (w.clock.now().getTime() % 1000)) / 1000);

describe('fresh tokens after a revocation in the same second', () => {
  it('deactivate and reactivate at S.900, sign in at once: the provider is asked only after S+1 began (plus a margin)', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    atMillis(w, 900);
    const second = epochSeconds(w.clock.now());
    await deactivateUser(w.deps, w.manager(), user.id);
    await reactivateUser(w.deps, w.manager(), user.id);
    const asked = askedAt(w);
    w.clock.slept.length = 0;

    const result = await signIn(w.deps, { email: 'alice@acme.test', password: PASSWORD });
    expect(result).toMatchObject({ accessToken: 'access:alice@acme.test' });
    expect(w.clock.slept).toEqual([100 + FRESH_TOKEN_MARGIN_MS]);
    expect(asked).toHaveLength(1);
    expect(asked[0].getTime()).toBeGreaterThanOrEqual((second + 1) * 1000 + FRESH_TOKEN_MARGIN_MS);
    // the tokens' session counts from after the mark, so refreshing is allowed too
    const membership = w.dir.memberships.get(`${user.identityId}/${w.account.id}`)!;
    expect(membership.tokensValidAfter).toBe(second + 1);
  });

  it('positive control: without a revocation a sign-in does not wait', async () => {
    const w = await world();
    await w.member('alice@acme.test');
    atMillis(w, 900);
    w.clock.slept.length = 0;
    await signIn(w.deps, { email: 'alice@acme.test', password: PASSWORD });
    expect(w.clock.slept).toEqual([]);
  });

  it('a revocation in an earlier second: no wait either', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    await deactivateUser(w.deps, w.manager(), user.id);
    await reactivateUser(w.deps, w.manager(), user.id);
    w.clock.advance(1.2);
    w.clock.slept.length = 0;
    await signIn(w.deps, { email: 'alice@acme.test', password: PASSWORD });
    expect(w.clock.slept).toEqual([]);
  });

  it('never waits for a mark far ahead (a clock that went back), nor for a wrong password of an unknown email', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    await deactivateUser(w.deps, w.manager(), user.id);
    await reactivateUser(w.deps, w.manager(), user.id);
    w.clock.advance(-3600);
    w.clock.slept.length = 0;
    await signIn(w.deps, { email: 'alice@acme.test', password: PASSWORD });
    await signIn(w.deps, { email: 'nobody@acme.test', password: PASSWORD }).catch(() => undefined);
    expect(w.clock.slept).toEqual([]);
  });

  it('TOTP enrolled at S.900 (the identity mark moves): answering the challenge waits for S+1 as well', async () => {
    const w = await world();
    await w.member('alice@acme.test');
    atMillis(w, 900);
    const second = epochSeconds(w.clock.now());
    const token = 'access:alice@acme.test';
    const { secret } = await startTotpEnrollment(w.deps, w.identityCallerOf('alice@acme.test'), token);
    await verifyTotpEnrollment(w.deps, w.identityCallerOf('alice@acme.test'), token, { code: fakeTotpCode(secret) });
    w.clock.slept.length = 0;
    const tokens = await completeMfaSignIn(w.deps, { session: 'session:alice@acme.test', code: fakeTotpCode(secret) });
    expect(tokens.accessToken).toBe(token);
    expect(w.clock.slept).toHaveLength(1);
    expect(w.clock.now().getTime()).toBeGreaterThanOrEqual((second + 1) * 1000 + FRESH_TOKEN_MARGIN_MS);
  });

  it('a provider whose clock runs behind still issued tokens before the mark: asked once more', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    atMillis(w, 900);
    const mark = epochSeconds(w.clock.now()) + 1;
    await deactivateUser(w.deps, w.manager(), user.id);
    await reactivateUser(w.deps, w.manager(), user.id);
    const issued = [mark - 1, mark];
    w.idp.signIn = async () => ({
      kind: 'tokens',
      tokens: { accessToken: jwtWithIat(issued.shift()!), idToken: 'i', refreshToken: 'r', expiresIn: 3600 },
    });
    const result = await signIn(w.deps, { email: 'alice@acme.test', password: PASSWORD });
    expect(result).toMatchObject({ accessToken: jwtWithIat(mark) });
    expect(issued).toEqual([]);
  });
});
