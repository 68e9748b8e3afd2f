import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  IdentitySharedError,
  NotFoundError,
  ResetLinkExpiredError,
  ResetLinkUsedError,
  WeakPasswordError,
} from '#domain/errors.ts';
import { revocationMark } from '#domain/identity.ts';
import { hashToken } from '#domain/tokens.ts';
import { forgotPassword, requestUserPasswordReset, resetPassword, setUserPassword } from '#use-cases/credentials.ts';
import { deactivateUser } from '#use-cases/lifecycle.ts';
import { createUser } from '#use-cases/users.ts';
import { world } from '../builders/memory.ts';
import { PASSWORD } from '../builders/password.ts';

const NEW_PASSWORD = 'Fresh-Password-42';
const resetToken = (text: string) => /reset-password\?token=([A-Za-z0-9_-]+)/.exec(text)![1];

describe('requestUserPasswordReset (forced)', () => {
  it('revokes the identity, voids the password and mails one link to the primary and the backup email', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test', { backupEmail: 'Alice.Backup@home.test' });
    const sent = w.mailer.sent.length;
    const { delivery } = await requestUserPasswordReset(w.deps, w.manager(), user.id);
    expect(delivery).toBe('sent');
    expect(w.dir.identities.get(user.identityId!)!.tokensValidAfter).toBe(revocationMark(w.clock.now()));
    expect(await w.idp.verifyPassword('alice@acme.test', PASSWORD)).toBe(false);
    expect(w.lifecycle.signIns.calls).toEqual(['scramble:alice@acme.test', 'signOut:alice@acme.test']);
    const mails = w.mailer.sent.slice(sent);
    expect(mails.map((m) => m.to)).toEqual([['alice@acme.test'], ['alice.backup@home.test']]);
    expect(resetToken(mails[0].text)).toBe(resetToken(mails[1].text));
    expect(mails[0].text).toContain('https://app.test/reset-password?token=');
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'password.reset_requested',
      actor: { kind: 'user', userId: w.manager().membership.userId },
      target: { userId: user.id },
      details: { forced: true },
    });
    // stored only as a hash
    const token = resetToken(mails[0].text);
    expect(w.lifecycle.resets.has(hashToken(token))).toBe(true);
    expect([...w.lifecycle.resets.values()].some((r) => JSON.stringify(r).includes(token))).toBe(false);
  });

  it('answers delivery "failed" when the mail is refused, with the reset still in force', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    w.mailer.fail = true;
    expect(await requestUserPasswordReset(w.deps, w.manager(), user.id)).toEqual({ delivery: 'failed' });
    expect(await w.idp.verifyPassword('alice@acme.test', PASSWORD)).toBe(false);
  });

  it('refuses members without a sign-in (409), other roles (403) and unknown users (404)', async () => {
    const w = await world();
    const alice = await w.member('alice@acme.test');
    const bob = await w.member('bob@acme.test');
    await expect(requestUserPasswordReset(w.deps, alice.caller(), bob.user.id)).rejects.toThrow(ForbiddenError);
    await expect(requestUserPasswordReset(w.deps, w.manager(), 'nobody')).rejects.toThrow(NotFoundError);
    const invited = await createUser(w.deps, w.manager(), {
      username: 'carol',
      email: 'carol@acme.test',
      firstName: 'C',
      lastName: 'C',
    });
    await expect(requestUserPasswordReset(w.deps, w.manager(), invited.id)).rejects.toThrow(ConflictError);
  });
});

describe('setUserPassword', () => {
  it('sets it, revokes sessions, mails nothing', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const sent = w.mailer.sent.length;
    await setUserPassword(w.deps, w.manager(), user.id, { password: NEW_PASSWORD });
    expect(await w.idp.verifyPassword('alice@acme.test', NEW_PASSWORD)).toBe(true);
    expect(w.dir.identities.get(user.identityId!)!.tokensValidAfter).toBe(revocationMark(w.clock.now()));
    expect(w.mailer.sent.length).toBe(sent);
    expect(w.dir.events.at(-1)).toMatchObject({ type: 'password.set_by_admin', target: { userId: user.id } });
  });

  it('weak passwords (400) and shared identities (409) change nothing', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    await expect(setUserPassword(w.deps, w.manager(), user.id, { password: 'short' })).rejects.toThrow(
      WeakPasswordError,
    );
    const beta = await w.secondAccount('Beta', 'beta@beta.test');
    await w.member('alice@acme.test', { by: beta.manager() });
    await expect(setUserPassword(w.deps, w.manager(), user.id, { password: NEW_PASSWORD })).rejects.toThrow(
      IdentitySharedError,
    );
    expect(await w.idp.verifyPassword('alice@acme.test', PASSWORD)).toBe(true);
    expect(w.dir.identities.get(user.identityId!)!.tokensValidAfter).toBe(0);
  });
});

describe('forgotPassword', () => {
  it('mails a one-account person at the primary email only, never the backup; an unknown email gets a decoy link and no mail', async () => {
    const w = await world();
    await w.member('alice@acme.test', { backupEmail: 'BACKUP@home.test' });
    const sent = w.mailer.sent.length;
    await forgotPassword(w.deps, { email: 'alice@acme.test' });
    expect(w.mailer.sent.slice(sent).map((m) => m.to[0])).toEqual(['alice@acme.test']);
    expect(w.dir.events.slice(-1).map((e) => [e.type, e.actor.kind, e.details.forced])).toEqual([
      ['password.reset_requested', 'anonymous', false],
    ]);
    // asking changes neither password nor sessions
    expect(await w.idp.verifyPassword('alice@acme.test', PASSWORD)).toBe(true);

    const before = { mails: w.mailer.sent.length, events: w.dir.events.length, resets: w.lifecycle.resets.size };
    await forgotPassword(w.deps, { email: 'nobody@acme.test' });
    expect({ mails: w.mailer.sent.length, events: w.dir.events.length, resets: w.lifecycle.resets.size }).toEqual(
      before,
    );
    expect(w.lifecycle.decoys.size).toBe(1);
  });

  it('a person shared by two accounts is mailed at their own email only: no account’s backup email can take their sign-in', async () => {
    const w = await world();
    await w.member('alice@acme.test', { backupEmail: 'backup@home.test' });
    const beta = await w.secondAccount('Beta', 'beta@beta.test');
    // Beta's manager points Alice's backup email at an address they control
    const { user } = await w.member('alice@acme.test', { by: beta.manager(), backupEmail: 'attacker@beta.test' });
    const sent = w.mailer.sent.length;
    await forgotPassword(w.deps, { email: 'alice@acme.test' });
    expect(w.mailer.sent.slice(sent).map((m) => m.to[0])).toEqual(['alice@acme.test']);
    expect(w.dir.events.slice(-2).map((e) => e.type)).toEqual(['password.reset_requested', 'password.reset_requested']);
    // nor may Beta's manager force a reset of a sign-in Acme shares (positive control: Acme-only members can be reset)
    await expect(requestUserPasswordReset(w.deps, beta.manager(), user.id)).rejects.toThrow(IdentitySharedError);
    const { user: solo } = await w.member('solo@acme.test', { backupEmail: 'solo@home.test' });
    const before = w.mailer.sent.length;
    await expect(requestUserPasswordReset(w.deps, w.manager(), solo.id)).resolves.toEqual({ delivery: 'sent' });
    expect(w.mailer.sent.slice(before).map((m) => m.to[0])).toEqual(['solo@acme.test', 'solo@home.test']);
  });

  it('a deactivated-everywhere person is treated like an unknown email', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    await deactivateUser(w.deps, w.manager(), user.id);
    const sent = w.mailer.sent.length;
    await forgotPassword(w.deps, { email: 'alice@acme.test' });
    expect(w.mailer.sent.length).toBe(sent);
    expect(w.lifecycle.decoys.size).toBe(1);
  });

  it('drops requests past 5 per email per sliding hour (moved clock), for known and unknown emails alike', async () => {
    const w = await world();
    await w.member('alice@acme.test');
    const sent = w.mailer.sent.length;
    for (let i = 0; i < 7; i++) {
      await forgotPassword(w.deps, { email: 'alice@acme.test' });
      await forgotPassword(w.deps, { email: 'nobody@acme.test' });
      w.clock.advance(60);
    }
    expect(w.mailer.sent.length - sent).toBe(5);
    expect(w.lifecycle.decoys.size).toBe(5);
    // the oldest request leaves the window an hour after it was made
    w.clock.advance(3600 - 7 * 60 + 1);
    await forgotPassword(w.deps, { email: 'alice@acme.test' });
    expect(w.mailer.sent.length - sent).toBe(6);
    await forgotPassword(w.deps, { email: 'alice@acme.test' });
    expect(w.mailer.sent.length - sent).toBe(6);
  });
});

describe('resetPassword', () => {
  async function linkFor(w: Awaited<ReturnType<typeof world>>, email: string) {
    await forgotPassword(w.deps, { email });
    return resetToken(w.mailer.sent.at(-1)!.text);
  }

  it('sets the password, revokes every session and is single use', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const token = await linkFor(w, 'alice@acme.test');
    w.clock.advance(30);
    await resetPassword(w.deps, { token, password: NEW_PASSWORD });
    expect(await w.idp.verifyPassword('alice@acme.test', NEW_PASSWORD)).toBe(true);
    expect(w.dir.identities.get(user.identityId!)!.tokensValidAfter).toBe(revocationMark(w.clock.now()));
    expect(w.lifecycle.signIns.calls).toContain('signOut:alice@acme.test');
    expect(w.dir.events.at(-1)).toMatchObject({
      type: 'password.reset_completed',
      actor: { kind: 'user', userId: user.id },
      target: { userId: user.id },
      details: { requestedBy: 'anonymous' },
    });
    await expect(resetPassword(w.deps, { token, password: 'Another-Pass-77' })).rejects.toThrow(ResetLinkUsedError);
    expect(await w.idp.verifyPassword('alice@acme.test', NEW_PASSWORD)).toBe(true);
  });

  it('expires after an hour (injected clock): a second before, it works', async () => {
    const w = await world();
    await w.member('alice@acme.test');
    await w.member('bob@acme.test');
    const [alice, bob] = [await linkFor(w, 'alice@acme.test'), await linkFor(w, 'bob@acme.test')];
    w.clock.advance(3599);
    await resetPassword(w.deps, { token: alice, password: NEW_PASSWORD });
    w.clock.advance(1);
    await expect(resetPassword(w.deps, { token: bob, password: NEW_PASSWORD })).rejects.toThrow(ResetLinkExpiredError);
    expect(await w.idp.verifyPassword('bob@acme.test', PASSWORD)).toBe(true);
    // kept a day to answer 410, then gone (404)
    w.clock.advance(24 * 3600);
    await expect(resetPassword(w.deps, { token: bob, password: NEW_PASSWORD })).rejects.toThrow(NotFoundError);
  });

  it('a newer password change retires older links', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const old = await linkFor(w, 'alice@acme.test');
    w.clock.advance(5);
    await setUserPassword(w.deps, w.manager(), user.id, { password: NEW_PASSWORD });
    await expect(resetPassword(w.deps, { token: old, password: 'Another-Pass-77' })).rejects.toThrow(
      ResetLinkUsedError,
    );
    expect(await w.idp.verifyPassword('alice@acme.test', NEW_PASSWORD)).toBe(true);
  });

  it('a password change in the same second as an earlier revocation still retires older links', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    // a revocation (a manager's set) moves the mark to the next second; a link is asked for in that same second
    await setUserPassword(w.deps, w.manager(), user.id, { password: NEW_PASSWORD, temporary: false });
    const old = await linkFor(w, 'alice@acme.test');
    // the second change falls in the same second: the whole-second mark cannot move, the revocation count does
    await setUserPassword(w.deps, w.manager(), user.id, { password: 'Second-Pass-88', temporary: false });
    await expect(resetPassword(w.deps, { token: old, password: 'Another-Pass-77' })).rejects.toThrow(
      ResetLinkUsedError,
    );
    expect(await w.idp.verifyPassword('alice@acme.test', 'Second-Pass-88')).toBe(true);
    // positive control: a link asked for after the change, still in the same second, works
    const fresh = await linkFor(w, 'alice@acme.test');
    await resetPassword(w.deps, { token: fresh, password: 'Another-Pass-77' });
    expect(await w.idp.verifyPassword('alice@acme.test', 'Another-Pass-77')).toBe(true);
  });

  it('gives the link back when the provider fails to set the password; sessions stay revoked', async () => {
    const w = await world();
    const { user } = await w.member('alice@acme.test');
    const token = await linkFor(w, 'alice@acme.test');
    const setPassword = w.idp.setPassword.bind(w.idp);
    w.idp.setPassword = async () => {
      throw Object.assign(new Error('injected'), { name: 'InternalErrorException' });
    };
    await expect(resetPassword(w.deps, { token, password: NEW_PASSWORD })).rejects.toThrow('injected');
    expect(w.dir.identities.get(user.identityId!)!.tokensValidAfter).toBe(revocationMark(w.clock.now()));
    w.idp.setPassword = setPassword;
    w.clock.advance(2);
    await resetPassword(w.deps, { token, password: NEW_PASSWORD });
    expect(await w.idp.verifyPassword('alice@acme.test', NEW_PASSWORD)).toBe(true);
  });

  it('weak passwords and unknown tokens change nothing', async () => {
    const w = await world();
    await w.member('alice@acme.test');
    const token = await linkFor(w, 'alice@acme.test');
    await expect(resetPassword(w.deps, { token, password: 'weak' })).rejects.toThrow(WeakPasswordError);
    await expect(resetPassword(w.deps, { token: 'x'.repeat(43), password: NEW_PASSWORD })).rejects.toThrow(
      NotFoundError,
    );
    await resetPassword(w.deps, { token, password: NEW_PASSWORD });
  });
});
