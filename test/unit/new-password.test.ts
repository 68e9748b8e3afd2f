/**
 * Temporary passwords set by an account manager: the next sign-in is a NEW_PASSWORD_REQUIRED challenge, completed
 * with the person's own new password (completeNewPassword). The fake identity provider behaves like Cognito in AWS:
 * the temporary password is checked, and a person with TOTP is challenged for a code after the new password.
 */
import { describe, expect, it } from 'vitest';
import { openChallenge, sealChallenge } from '#adapters/cognito/challenge-session.ts';
import { InvalidCredentialsError, UnauthenticatedError, WeakPasswordError } from '#domain/errors.ts';
import { updateAccount } from '#use-cases/accounts.ts';
import { setUserPassword } from '#use-cases/credentials.ts';
import { deactivateUser } from '#use-cases/lifecycle.ts';
import { startTotpEnrollment, verifyTotpEnrollment } from '#use-cases/mfa.ts';
import { completeNewPassword } from '#use-cases/new-password.ts';
import { completeMfaSignIn, signIn } from '#use-cases/sign-in.ts';
import { fakeTotpCode } from '../fakes/lifecycle.ts';
import { world } from '../builders/memory.ts';
import { PASSWORD } from '../builders/password.ts';

type World = Awaited<ReturnType<typeof world>>;
const TEMPORARY = 'Temporary-Pass-42';
const CHOSEN = 'Chosen-By-Alice-7';
const EMAIL = 'alice@acme.test';

async function enroll(w: World, email: string) {
  const { secret } = await startTotpEnrollment(w.deps, w.identityCallerOf(email), `access:${email}`);
  await verifyTotpEnrollment(w.deps, w.identityCallerOf(email), `access:${email}`, { code: fakeTotpCode(secret) });
  return secret;
}

/** Alice, a member whose password the manager has just set (temporary unless `temporary: false`). */
async function withSetPassword(temporary?: boolean) {
  const w = await world();
  const { user } = await w.member(EMAIL);
  await setUserPassword(w.deps, w.manager(), user.id, {
    password: TEMPORARY,
    ...(temporary === undefined ? {} : { temporary }),
  });
  return { w, user };
}

async function challengeSession(w: World): Promise<string> {
  const outcome = await signIn(w.deps, { email: EMAIL, password: TEMPORARY });
  expect(outcome).toEqual({ challenge: 'NEW_PASSWORD_REQUIRED', session: expect.any(String) });
  return (outcome as { session: string }).session;
}

describe('a password set by an account manager', () => {
  it('is temporary by default: sign-in answers NEW_PASSWORD_REQUIRED, and the event says temporary', async () => {
    const { w, user } = await withSetPassword();
    expect(w.dir.events.find((e) => e.type === 'password.set_by_admin')).toMatchObject({
      target: { userId: user.id },
      details: { temporary: true },
    });
    await challengeSession(w);
    // the old password is gone and a wrong one is refused as always
    await expect(signIn(w.deps, { email: EMAIL, password: PASSWORD })).rejects.toThrow(InvalidCredentialsError);
  });

  it('with temporary: false it is permanent: sign-in gives tokens at once, and the event says so', async () => {
    const { w, user } = await withSetPassword(false);
    expect(w.dir.events.find((e) => e.type === 'password.set_by_admin')).toMatchObject({
      target: { userId: user.id },
      details: { temporary: false },
    });
    expect(await signIn(w.deps, { email: EMAIL, password: TEMPORARY })).toMatchObject({
      accessToken: `access:${EMAIL}`,
    });
  });
});

describe('completeNewPassword', () => {
  it('sets the chosen password and answers sealed tokens with the change and the sign-in in the audit log', async () => {
    const { w, user } = await withSetPassword();
    const session = await challengeSession(w);
    const events = w.dir.events.length;
    const tokens = await completeNewPassword(w.deps, { session, password: CHOSEN });
    expect(tokens).toMatchObject({ accessToken: `access:${EMAIL}` });
    // the refresh token is a sealed grant of this person, like sign-in's
    const refreshToken = (tokens as { refreshToken: string }).refreshToken;
    expect(w.deps.refreshGrants.open(refreshToken)).toMatchObject({ identityId: user.identityId });
    expect(w.dir.events.slice(events)).toMatchObject([
      {
        type: 'password.changed',
        actor: { kind: 'user', userId: user.id },
        target: { userId: user.id },
        details: { temporaryReplaced: true },
      },
      { type: 'sign_in.succeeded', target: { userId: user.id }, details: { mfa: false } },
    ]);
    // from now on the chosen password signs in directly; the temporary one is gone
    expect(await signIn(w.deps, { email: EMAIL, password: CHOSEN })).toMatchObject({ accessToken: `access:${EMAIL}` });
    await expect(signIn(w.deps, { email: EMAIL, password: TEMPORARY })).rejects.toThrow(InvalidCredentialsError);
  });

  it('refuses a weak password with weak_password, changing nothing (positive control: a strong one)', async () => {
    const { w } = await withSetPassword();
    const session = await challengeSession(w);
    const events = w.dir.events.length;
    await expect(completeNewPassword(w.deps, { session, password: 'short' })).rejects.toThrow(WeakPasswordError);
    expect(w.dir.events.length).toBe(events);
    await challengeSession(w);
    await expect(completeNewPassword(w.deps, { session, password: CHOSEN })).resolves.toMatchObject({
      accessToken: `access:${EMAIL}`,
    });
  });

  it('refuses a forged session and an MFA session with 401 (positive control: the right session)', async () => {
    const { w } = await withSetPassword();
    const session = await challengeSession(w);
    await expect(completeNewPassword(w.deps, { session: 'forged', password: CHOSEN })).rejects.toThrow(
      UnauthenticatedError,
    );
    await expect(completeNewPassword(w.deps, { session: `session:${EMAIL}`, password: CHOSEN })).rejects.toThrow(
      UnauthenticatedError,
    );
    expect(await w.idp.verifyPassword(EMAIL, CHOSEN)).toBe(false);
    await expect(completeNewPassword(w.deps, { session, password: CHOSEN })).resolves.toMatchObject({
      accessToken: `access:${EMAIL}`,
    });
  });

  it('refuses a person deactivated since the challenge, leaving the temporary password in place', async () => {
    const { w, user } = await withSetPassword();
    const session = await challengeSession(w);
    await deactivateUser(w.deps, w.manager(), user.id);
    await expect(completeNewPassword(w.deps, { session, password: CHOSEN })).rejects.toThrow(InvalidCredentialsError);
    expect(await w.idp.verifyPassword(EMAIL, CHOSEN)).toBe(false);
  });

  it('leads on to the TOTP challenge for a person with MFA, completed by the usual MFA step', async () => {
    const w = await world();
    const { user } = await w.member(EMAIL);
    const secret = await enroll(w, EMAIL);
    await setUserPassword(w.deps, w.manager(), user.id, { password: TEMPORARY });
    const session = await challengeSession(w);
    const next = await completeNewPassword(w.deps, { session, password: CHOSEN });
    expect(next).toEqual({ challenge: 'SOFTWARE_TOKEN_MFA', session: expect.any(String) });
    const tokens = await completeMfaSignIn(w.deps, {
      session: (next as { session: string }).session,
      code: fakeTotpCode(secret),
    });
    expect(tokens).toMatchObject({ accessToken: `access:${EMAIL}` });
    expect(await w.idp.verifyPassword(EMAIL, CHOSEN)).toBe(true);
  });

  it('answers MFA_SETUP to a member without MFA in an account that requires it', async () => {
    const w = await world();
    const { user } = await w.member(EMAIL);
    await enroll(w, 'boss@acme.test');
    await updateAccount(w.deps, w.manager(), { mfaRequired: true });
    await setUserPassword(w.deps, w.manager(), user.id, { password: TEMPORARY });
    const session = await challengeSession(w);
    expect(await completeNewPassword(w.deps, { session, password: CHOSEN })).toEqual({
      challenge: 'MFA_SETUP',
      session: `access:${EMAIL}`,
    });
  });
});

describe('the NEW_PASSWORD_REQUIRED session (Cognito adapter)', () => {
  const at = Date.parse('2026-11-22T08:00:00Z');

  it('is sealed under a label of its own and lasts five minutes: an MFA session never opens as one, nor the reverse', () => {
    process.env.CURSOR_SECRET ??= 'unit-test-secret';
    const session = sealChallenge(EMAIL, 'cognito-session', at, 'newPassword', 'sub-1');
    expect(openChallenge(session, at, 'newPassword')).toEqual({
      email: EMAIL,
      cognitoSession: 'cognito-session',
      username: 'sub-1',
    });
    expect(openChallenge(session, at, 'mfa')).toBeNull();
    expect(openChallenge(sealChallenge(EMAIL, 'cognito-session', at), at, 'newPassword')).toBeNull();
    expect(openChallenge(session, at + 299_000, 'newPassword')).not.toBeNull();
    expect(openChallenge(session, at + 300_000, 'newPassword')).toBeNull();
  });
});
