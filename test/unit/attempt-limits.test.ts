/**
 * Attempt limits where Cognito's are not enough: at most 5 wrong TOTP codes per person in 5 minutes, over every
 * endpoint that checks one (429 with Retry-After past that, even for a right code); and failed sign-ins of one email
 * recorded as one event per minute with a count. The clock is the in-memory one.
 */
import { describe, expect, it } from 'vitest';
import {
  InvalidCredentialsError,
  InvalidMfaCodeError,
  RateLimitedError,
  ReauthenticationRequiredError,
  ValidationError,
} from '#domain/errors.ts';
import { listAccountEvents } from '#use-cases/audit.ts';
import { deactivateUser } from '#use-cases/lifecycle.ts';
import { disableMfa, startTotpEnrollment, verifyTotpEnrollment } from '#use-cases/mfa.ts';
import { completeMfaSignIn, signIn } from '#use-cases/sign-in.ts';
import { fakeTotpCode } from '../fakes/lifecycle.ts';
import { world } from '../builders/memory.ts';
import { PASSWORD } from '../builders/password.ts';

type World = Awaited<ReturnType<typeof world>>;
const ALICE = 'alice@acme.test';
const token = `access:${ALICE}`;
const session = `session:${ALICE}`;
const wrong = (secret: string) => (fakeTotpCode(secret) === '000000' ? '000001' : '000000');

async function enrolled(w: World) {
  await w.member(ALICE);
  const { secret } = await startTotpEnrollment(w.deps, w.identityCallerOf(ALICE), token);
  await verifyTotpEnrollment(w.deps, w.identityCallerOf(ALICE), token, { code: fakeTotpCode(secret) });
  w.clock.advance(2);
  return secret;
}

describe('TOTP code attempts', () => {
  it('the 6th code within 5 minutes is 429 with Retry-After, even a right one; after the window a right code works', async () => {
    const w = await world();
    const secret = await enrolled(w);
    for (let i = 0; i < 5; i++) {
      await expect(completeMfaSignIn(w.deps, { session, code: wrong(secret) })).rejects.toThrow(InvalidMfaCodeError);
      w.clock.advance(10);
    }
    const limited = await completeMfaSignIn(w.deps, { session, code: fakeTotpCode(secret) }).catch((e: Error) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    // the window began with the first wrong code, 50 s ago
    expect((limited as RateLimitedError).retryAfterSeconds).toBe(250);
    w.clock.advance(249);
    await expect(completeMfaSignIn(w.deps, { session, code: fakeTotpCode(secret) })).rejects.toThrow(RateLimitedError);
    w.clock.advance(1);
    await expect(completeMfaSignIn(w.deps, { session, code: fakeTotpCode(secret) })).resolves.toMatchObject({
      accessToken: token,
    });
  });

  it('counts per person across the MFA sign-in, enrolment verify and MFA removal', async () => {
    const w = await world();
    const secret = await enrolled(w);
    for (let i = 0; i < 3; i++)
      await expect(completeMfaSignIn(w.deps, { session, code: wrong(secret) })).rejects.toThrow(InvalidMfaCodeError);
    for (let i = 0; i < 2; i++)
      await expect(disableMfa(w.deps, w.identityCallerOf(ALICE), token, { code: wrong(secret) })).rejects.toThrow(
        ReauthenticationRequiredError,
      );
    await expect(disableMfa(w.deps, w.identityCallerOf(ALICE), token, { code: fakeTotpCode(secret) })).rejects.toThrow(
      RateLimitedError,
    );
    // another person is not limited by Alice's guesses
    const { user: bob } = await w.member('bob@acme.test');
    const { secret: bobSecret } = await startTotpEnrollment(
      w.deps,
      w.identityCallerOf('bob@acme.test'),
      'access:bob@acme.test',
    );
    await expect(
      verifyTotpEnrollment(w.deps, w.identityCallerOf('bob@acme.test'), 'access:bob@acme.test', {
        code: fakeTotpCode(bobSecret),
      }),
    ).resolves.toEqual({ mfaEnabled: true });
    expect(bob.id).toBeDefined();
  });

  it('enrolment verify: 5 wrong codes, then 429 for the right one', async () => {
    const w = await world();
    await w.member(ALICE);
    const { secret } = await startTotpEnrollment(w.deps, w.identityCallerOf(ALICE), token);
    for (let i = 0; i < 5; i++)
      await expect(
        verifyTotpEnrollment(w.deps, w.identityCallerOf(ALICE), token, { code: wrong(secret) }),
      ).rejects.toThrow(ValidationError);
    await expect(
      verifyTotpEnrollment(w.deps, w.identityCallerOf(ALICE), token, { code: fakeTotpCode(secret) }),
    ).rejects.toThrow(RateLimitedError);
  });

  it('positive controls: 4 wrong codes then a right one works; right codes do not use the places up', async () => {
    const w = await world();
    const secret = await enrolled(w);
    for (let i = 0; i < 4; i++)
      await expect(completeMfaSignIn(w.deps, { session, code: wrong(secret) })).rejects.toThrow(InvalidMfaCodeError);
    await expect(completeMfaSignIn(w.deps, { session, code: fakeTotpCode(secret) })).resolves.toMatchObject({
      accessToken: token,
    });
    // a right code gives its place back but does not erase the wrong ones: one more wrong code fills the window
    await expect(completeMfaSignIn(w.deps, { session, code: wrong(secret) })).rejects.toThrow(InvalidMfaCodeError);
    await expect(completeMfaSignIn(w.deps, { session, code: fakeTotpCode(secret) })).rejects.toThrow(RateLimitedError);

    const fresh = await world();
    const s2 = await enrolled(fresh);
    for (let i = 0; i < 10; i++)
      await expect(completeMfaSignIn(fresh.deps, { session, code: fakeTotpCode(s2) })).resolves.toMatchObject({
        accessToken: token,
      });
  });
});

describe('failed sign-ins are aggregated', () => {
  it('20 wrong passwords in one minute are one sign_in.failed event with count 20 in each of the person’s accounts', async () => {
    const w = await world();
    const { user } = await w.member(ALICE);
    const other = await w.secondAccount('Beta', 'beta-boss@beta.test');
    // Alice is also a member of Beta (same person, second account)
    const { createUser } = await import('#use-cases/users.ts');
    const { acceptInvitation } = await import('#use-cases/auth.ts');
    await createUser(w.deps, other.manager(), { username: 'alice', email: ALICE, firstName: 'A', lastName: 'L' });
    await acceptInvitation(w.deps, { token: w.mailer.lastToken(), password: PASSWORD });
    const before = w.dir.events.length;
    for (let i = 0; i < 20; i++) {
      await expect(signIn(w.deps, { email: ALICE, password: 'wrong-password-1A' })).rejects.toThrow(
        InvalidCredentialsError,
      );
      w.clock.advance(0.5);
    }
    const failed = w.dir.events.slice(before).filter((e) => e.type === 'sign_in.failed');
    expect(failed).toHaveLength(2);
    expect(new Set(failed.map((e) => e.accountId))).toEqual(new Set([w.account.id, other.account.id]));
    for (const e of failed) expect(e).toMatchObject({ details: { reason: 'invalid_password', count: 20 } });
    // the account's event list shows it
    const page = await listAccountEvents(w.deps, w.manager(), { type: 'sign_in.failed', limit: 50 });
    expect(page.items).toEqual([
      expect.objectContaining({ target: { userId: user.id }, details: { reason: 'invalid_password', count: 20 } }),
    ]);
    // the next minute starts a new event
    w.clock.advance(60);
    await signIn(w.deps, { email: ALICE, password: 'wrong-password-1A' }).catch(() => undefined);
    expect(w.dir.events.slice(before).filter((e) => e.type === 'sign_in.failed')).toHaveLength(4);
  });

  it('an unknown email leaves no trace; a right password still signs in (positive control)', async () => {
    const w = await world();
    const { user } = await w.member(ALICE);
    const before = w.dir.events.length;
    for (let i = 0; i < 5; i++)
      await expect(signIn(w.deps, { email: 'nobody@acme.test', password: 'x' })).rejects.toThrow(
        InvalidCredentialsError,
      );
    expect(w.dir.events.length).toBe(before);
    await deactivateUser(w.deps, w.manager(), user.id).then(() => undefined);
    expect(w.dir.events.length).toBe(before + 1);
    const ok = await world();
    await ok.member(ALICE);
    await signIn(ok.deps, { email: ALICE, password: 'wrong-password-1A' }).catch(() => undefined);
    await expect(signIn(ok.deps, { email: ALICE, password: PASSWORD })).resolves.toMatchObject({ accessToken: token });
  });
});
