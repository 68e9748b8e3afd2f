import { describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '#domain/errors.ts';
import { refreshTokens } from '#use-cases/auth.ts';
import { requestUserPasswordReset } from '#use-cases/credentials.ts';
import { deactivateUser, reactivateUser } from '#use-cases/lifecycle.ts';
import { signIn } from '#use-cases/sign-in.ts';
import { world } from '../builders/memory.ts';
import { PASSWORD } from '../builders/password.ts';

/** Signs in and returns the client's (sealed) refresh token. */
async function refreshTokenOf(w: Awaited<ReturnType<typeof world>>, email: string) {
  const out = await signIn(w.deps, { email, password: PASSWORD });
  if (!('refreshToken' in out)) throw new Error('expected tokens');
  expect(out.refreshToken).not.toBe('r');
  return out.refreshToken;
}

describe('refreshing honours revocations made after the sign-in', () => {
  it('works for a live session, and not after a forced password reset (a later sign-in works again)', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const token = await refreshTokenOf(w, 'alice@acme.test');
    await expect(refreshTokens(w.deps, { refreshToken: token })).resolves.toMatchObject({
      accessToken: expect.any(String),
      refreshToken: token,
    });
    w.clock.advance(2);
    await requestUserPasswordReset(w.deps, w.manager(), user.id);
    await expect(refreshTokens(w.deps, { refreshToken: token })).rejects.toThrow(UnauthenticatedError);
  });

  it('refuses after a deactivation, and still after reactivation (old sessions stay revoked)', async () => {
    const w = await world();
    const { user } = await w.member('bob@acme.test');
    const token = await refreshTokenOf(w, 'bob@acme.test');
    w.clock.advance(2);
    await deactivateUser(w.deps, w.manager(), user.id);
    await expect(refreshTokens(w.deps, { refreshToken: token })).rejects.toThrow(UnauthenticatedError);
    await reactivateUser(w.deps, w.manager(), user.id);
    await expect(refreshTokens(w.deps, { refreshToken: token })).rejects.toThrow(UnauthenticatedError);
    w.clock.advance(2);
    await expect(
      refreshTokens(w.deps, { refreshToken: await refreshTokenOf(w, 'bob@acme.test') }),
    ).resolves.toMatchObject({ accessToken: expect.any(String) });
  });

  it('refuses anything it did not seal', async () => {
    const w = await world();
    await expect(refreshTokens(w.deps, { refreshToken: 'r' })).rejects.toThrow(UnauthenticatedError);
  });
});
