import { describe, expect, it } from 'vitest';
import {
  IdentitySharedError,
  InvalidCredentialsError,
  InvalidMfaCodeError,
  MfaAlreadyEnabledError,
  MfaRequiredError,
  ReauthenticationRequiredError,
  UnauthenticatedError,
  ValidationError,
} from '#domain/errors.ts';
import { revocationMark } from '#domain/identity.ts';
import { updateAccount } from '#use-cases/accounts.ts';
import { deactivateUser } from '#use-cases/lifecycle.ts';
import { disableMfa, resetUserMfa, startTotpEnrollment, verifyTotpEnrollment } from '#use-cases/mfa.ts';
import { completeMfaSignIn, signIn } from '#use-cases/sign-in.ts';
import { fakeTotpCode } from '../fakes/lifecycle.ts';
import { world } from '../builders/memory.ts';
import { PASSWORD } from '../builders/password.ts';

type World = Awaited<ReturnType<typeof world>>;
const access = (email: string) => `access:${email}`;

async function enroll(w: World, email: string) {
  const { secret } = await startTotpEnrollment(w.deps, w.identityCallerOf(email), access(email));
  await verifyTotpEnrollment(w.deps, w.identityCallerOf(email), access(email), { code: fakeTotpCode(secret) });
  return secret;
}

describe('sign-in', () => {
  it('gives tokens and records sign_in.succeeded in each account where the person is active', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const result = await signIn(w.deps, { email: 'alice@acme.test', password: PASSWORD });
    expect(result).toMatchObject({ accessToken: 'access:alice@acme.test' });
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'sign_in.succeeded',
      accountId: w.account.id,
      actor: { kind: 'user', userId: user.id },
      target: { userId: user.id },
      details: { mfa: false },
    });
  });

  it('a wrong password records sign_in.failed for a known person, nothing for an unknown email; both are the same error', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const events = w.dir.events.length;
    await expect(signIn(w.deps, { email: 'nobody@acme.test', password: PASSWORD })).rejects.toThrow(
      InvalidCredentialsError,
    );
    expect(w.dir.events.length).toBe(events);
    await expect(signIn(w.deps, { email: 'alice@acme.test', password: 'Wrong-Password-1' })).rejects.toThrow(
      InvalidCredentialsError,
    );
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'sign_in.failed',
      actor: { kind: 'anonymous' },
      target: { userId: user.id },
      details: { reason: 'invalid_password' },
    });
  });

  it('refuses a person deactivated everywhere with the wrong-password error (status not revealed)', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    await deactivateUser(w.deps, w.manager(), user.id);
    const error = await signIn(w.deps, { email: 'alice@acme.test', password: PASSWORD }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InvalidCredentialsError);
    expect((error as InvalidCredentialsError).detail).toBeUndefined();
    expect(w.dir.events.at(-1)).toMatchObject({ type: 'sign_in.failed', details: { reason: 'not_active' } });
  });
});

describe('TOTP', () => {
  it('enroll → challenge → wrong code → right code, with revocation at enrollment and events', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const caller = w.identityCallerOf('alice@acme.test');
    const { secret, otpauthUri } = await startTotpEnrollment(w.deps, caller, access('alice@acme.test'));
    expect(otpauthUri).toBe(
      `otpauth://totp/Switchboard%3Aalice%40acme.test?secret=${secret}&issuer=Switchboard&algorithm=SHA1&digits=6&period=30`,
    );
    await expect(verifyTotpEnrollment(w.deps, caller, access('alice@acme.test'), { code: '000000' })).rejects.toThrow(
      ValidationError,
    );
    expect(w.dir.identities.get(user.identityId!)!.mfaEnabled).toBe(false);

    w.clock.advance(5);
    expect(
      await verifyTotpEnrollment(w.deps, caller, access('alice@acme.test'), { code: fakeTotpCode(secret) }),
    ).toEqual({ mfaEnabled: true });
    expect(w.dir.identities.get(user.identityId!)).toMatchObject({
      mfaEnabled: true,
      tokensValidAfter: revocationMark(w.clock.now()),
    });
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'mfa.enabled',
      actor: { kind: 'user', userId: user.id },
      target: { userId: user.id },
    });

    const challenge = await signIn(w.deps, { email: 'alice@acme.test', password: PASSWORD });
    expect(challenge).toEqual({ challenge: 'SOFTWARE_TOKEN_MFA', session: 'session:alice@acme.test' });
    await expect(completeMfaSignIn(w.deps, { session: 'session:alice@acme.test', code: '000000' })).rejects.toThrow(
      InvalidMfaCodeError,
    );
    expect(w.dir.events.at(-1)).toMatchObject({ type: 'sign_in.failed', details: { reason: 'invalid_mfa_code' } });
    await expect(completeMfaSignIn(w.deps, { session: 'forged', code: fakeTotpCode(secret) })).rejects.toThrow(
      UnauthenticatedError,
    );
    expect(
      await completeMfaSignIn(w.deps, { session: 'session:alice@acme.test', code: fakeTotpCode(secret) }),
    ).toMatchObject({ accessToken: 'access:alice@acme.test' });
    expect(w.dir.events.at(-1)).toMatchObject({ type: 'sign_in.succeeded', details: { mfa: true } });
    await expect(
      startTotpEnrollment(w.deps, w.identityCallerOf('alice@acme.test'), access('alice@acme.test')),
    ).rejects.toThrow(MfaAlreadyEnabledError);
  });

  it('turning MFA off needs a current code', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const secret = await enroll(w, 'alice@acme.test');
    await expect(
      disableMfa(w.deps, w.identityCallerOf('alice@acme.test'), access('alice@acme.test'), { code: '000000' }),
    ).rejects.toThrow(ReauthenticationRequiredError);
    expect(w.dir.identities.get(user.identityId!)!.mfaEnabled).toBe(true);
    await disableMfa(w.deps, w.identityCallerOf('alice@acme.test'), access('alice@acme.test'), {
      code: fakeTotpCode(secret),
    });
    expect(w.dir.identities.get(user.identityId!)!.mfaEnabled).toBe(false);
    expect(await signIn(w.deps, { email: 'alice@acme.test', password: PASSWORD })).toMatchObject({
      accessToken: expect.any(String),
    });
  });
});

describe('mfaRequired', () => {
  it('a member without MFA gets MFA_SETUP with a session; with MFA the usual challenge; MFA cannot be turned off', async () => {
    const w = await world();
    await w.member('alice@acme.test');
    await enroll(w, 'boss@acme.test');
    await updateAccount(w.deps, w.manager(), { mfaRequired: true });
    expect(await signIn(w.deps, { email: 'alice@acme.test', password: PASSWORD })).toEqual({
      challenge: 'MFA_SETUP',
      session: 'access:alice@acme.test',
    });
    expect(w.dir.events.at(-1)).toMatchObject({ type: 'sign_in.succeeded', details: { mfaSetupRequired: true } });
    const secret = await enroll(w, 'alice@acme.test');
    expect(await signIn(w.deps, { email: 'alice@acme.test', password: PASSWORD })).toMatchObject({
      challenge: 'SOFTWARE_TOKEN_MFA',
    });
    await expect(
      disableMfa(w.deps, w.identityCallerOf('alice@acme.test'), access('alice@acme.test'), {
        code: fakeTotpCode(secret),
      }),
    ).rejects.toThrow(MfaRequiredError);
  });
});

describe('resetUserMfa (lost phone)', () => {
  it('removes it, revokes sessions and records the manager as actor; refuses shared identities', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    await enroll(w, 'alice@acme.test');
    w.clock.advance(30);
    await resetUserMfa(w.deps, w.manager(), user.id);
    expect(w.dir.identities.get(user.identityId!)).toMatchObject({
      mfaEnabled: false,
      tokensValidAfter: revocationMark(w.clock.now()),
    });
    expect(w.lifecycle.signIns.calls).toEqual(['removeMfa:alice@acme.test', 'signOut:alice@acme.test']);
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'mfa.reset',
      actor: { kind: 'user', userId: w.manager().membership.userId },
      target: { userId: user.id },
    });

    const beta = await w.secondAccount('Beta', 'beta@beta.test');
    await w.member('alice@acme.test', { by: beta.manager() });
    await expect(resetUserMfa(w.deps, w.manager(), user.id)).rejects.toThrow(IdentitySharedError);
  });
});
