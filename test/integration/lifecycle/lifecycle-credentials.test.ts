import { afterEach, describe, expect, it } from 'vitest';
import { call, clearFaults, clock, fault } from '../../support/http.ts';
import { lastLinkTo, mailsTo } from '../../support/mailbox.ts';
import {
  PASSWORD,
  accept,
  newAccount,
  newMember,
  nextSecond,
  signIn,
  tokenRequest,
  uniqueEmail,
} from '../../builders/api.ts';

afterEach(async () => {
  await clock(0);
  await clearFaults();
});

const NEW_PASSWORD = 'Fresh-Password-42';
const userPath = (accountId: string, userId: string) => `/v1/accounts/${accountId}/users/${userId}`;
const resetMails = async (email: string) =>
  (await mailsTo(email)).filter((m) => /reset-password\?token=/.test(m.body.text ?? ''));
const resetWith = (token: string, password = NEW_PASSWORD) =>
  call('POST', '/v1/auth/reset-password', { body: { token, password } });
const forgot = (email: string) => call('POST', '/v1/auth/forgot-password', { body: { email } });

describe('forced reset by an account manager', () => {
  it('revokes sessions and the current password, and mails one single-use link to the primary and the backup email', async () => {
    const acme = await newAccount();
    const backup = uniqueEmail('backup');
    const member = await newMember(acme, { backupEmail: backup });
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(200);

    const r = await call('POST', `${userPath(acme.accountId, member.id)}/password-reset`, { token: acme.token });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toEqual({ status: 'accepted', delivery: 'sent' });

    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(401);
    expect((await tokenRequest(member.email)).status).toBe(401);
    const [toPrimary, toBackup] = [
      await lastLinkTo(member.email, 'reset-password'),
      await lastLinkTo(backup, 'reset-password'),
    ];
    expect(toBackup).toBe(toPrimary);
    // one message per address: the backup address never sees the primary one
    expect((await resetMails(backup)).at(-1)!.destination.to).toEqual([backup]);

    expect((await resetWith(toPrimary)).status).toBe(204);
    await nextSecond();
    expect((await tokenRequest(member.email)).status).toBe(401);
    const token = await signIn(member.email, NEW_PASSWORD);
    expect((await call('GET', '/v1/me', { token })).status).toBe(200);

    const reused = await resetWith(toBackup, 'Another-Password-77');
    expect(reused.status).toBe(410);
    expect(reused.body).toMatchObject({ code: 'reset_link_used' });
    expect((await tokenRequest(member.email, 'Another-Password-77')).status).toBe(401);
  });

  it('is for account managers only (403; positive control: the manager), and 404 for other accounts’ members', async () => {
    const [acme, other] = await Promise.all([newAccount(), newAccount('Other')]);
    const member = await newMember(acme);
    const peer = await newMember(acme);
    expect(
      (await call('POST', `${userPath(acme.accountId, peer.id)}/password-reset`, { token: member.token })).status,
    ).toBe(403);
    expect((await call('GET', '/v1/me', { token: peer.token })).status).toBe(200);
    expect(
      (await call('POST', `${userPath(acme.accountId, other.ownerId)}/password-reset`, { token: acme.token })).status,
    ).toBe(404);
    expect(
      (await call('POST', `${userPath(acme.accountId, peer.id)}/password-reset`, { token: acme.token })).status,
    ).toBe(202);
  });
});

describe('password set by an account manager', () => {
  it('sets it directly, mails nothing and revokes sessions', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    const mailsBefore = (await mailsTo(member.email)).length;
    // a permanent password signs in at once (the default, temporary, is in new-password.test.ts)
    const r = await call('PUT', `${userPath(acme.accountId, member.id)}/password`, {
      token: acme.token,
      body: { password: NEW_PASSWORD, temporary: false },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(204);
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(401);
    expect((await tokenRequest(member.email)).status).toBe(401);
    await nextSecond();
    expect((await call('GET', '/v1/me', { token: await signIn(member.email, NEW_PASSWORD) })).status).toBe(200);
    expect((await mailsTo(member.email)).length).toBe(mailsBefore);
  });

  it('refuses a weak password (400) and bad bodies, changing nothing', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    const path = `${userPath(acme.accountId, member.id)}/password`;
    const weak = await call('PUT', path, { token: acme.token, body: { password: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ code: 'weak_password' });
    for (const body of [{}, { password: 42 }, { password: NEW_PASSWORD, userId: member.id }]) {
      expect((await call('PUT', path, { token: acme.token, body })).status, JSON.stringify(body)).toBe(400);
    }
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(200);
    expect((await tokenRequest(member.email)).status).toBe(200);
  });

  it('refuses a person who is also a member of another account with 409 identity_shared', async () => {
    const [acme, beta] = await Promise.all([newAccount('Acme'), newAccount('Beta')]);
    const member = await newMember(acme);
    const created = await call('POST', `/v1/accounts/${beta.accountId}/users`, {
      token: beta.token,
      body: { username: 'shared-one', email: member.email, firstName: 'S', lastName: 'O' },
    });
    expect(created.status).toBe(201);
    await accept(member.email);
    const r = await call('PUT', `${userPath(acme.accountId, member.id)}/password`, {
      token: acme.token,
      body: { password: NEW_PASSWORD },
    });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'identity_shared' });
    expect((await tokenRequest(member.email)).status).toBe(200);
    // positive control: a member of this account only
    const solo = await newMember(acme);
    const set = await call('PUT', `${userPath(acme.accountId, solo.id)}/password`, {
      token: acme.token,
      body: { password: NEW_PASSWORD },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(204);
  });
});

describe('forgot password', () => {
  it('answers an unknown email exactly like a known one: same status, body, DynamoDB work and timing', async () => {
    const acme = await newAccount();
    const backup = uniqueEmail('backup');
    const member = await newMember(acme, { backupEmail: backup });
    const unknown = uniqueEmail('nobody');
    // warm both paths once (the first call of a handler loads its module)
    await forgot(uniqueEmail('warm'));

    const timed = async (email: string) => {
      const started = performance.now();
      const r = await forgot(email);
      return { r, ms: performance.now() - started };
    };
    const known = await timed(member.email);
    const stranger = await timed(unknown);
    expect(known.r.status).toBe(202);
    expect(stranger.r.status).toBe(202);
    expect(stranger.r.body).toEqual(known.r.body);
    expect(stranger.r.headers['content-type']).toBe(known.r.headers['content-type']);
    expect(stranger.r.ddbCommands).toEqual(known.r.ddbCommands);
    expect(Math.abs(known.ms - stranger.ms)).toBeLessThan(150);

    // only the known person got mail, at their primary email alone (a backup email gets links only from a forced reset)
    expect(await resetMails(unknown)).toHaveLength(0);
    const link = await lastLinkTo(member.email, 'reset-password');
    expect(await resetMails(backup)).toHaveLength(0);
    // asking for a reset does not touch the current password or sessions
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(200);
    expect((await tokenRequest(member.email)).status).toBe(200);

    expect((await resetWith(link)).status).toBe(204);
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(401);
    expect((await tokenRequest(member.email)).status).toBe(401);
    await nextSecond();
    expect((await tokenRequest(member.email, NEW_PASSWORD)).status).toBe(200);
    expect((await resetWith(link, 'Third-Password-33')).status).toBe(410);
  });

  it('at most 5 requests per email per hour; past that they are dropped silently', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    for (let i = 0; i < 7; i++) {
      const r = await forgot(member.email);
      expect(r.status).toBe(202);
      expect(r.body).toEqual({ status: 'accepted' });
    }
    expect(await resetMails(member.email)).toHaveLength(5);
    await clock(3601);
    expect((await forgot(member.email)).status).toBe(202);
    expect(await resetMails(member.email)).toHaveLength(6);
  });

  it('links expire after an hour (moved clock), while a link used before then works', async () => {
    const acme = await newAccount();
    const [early, late] = [await newMember(acme), await newMember(acme)];
    await forgot(early.email);
    await forgot(late.email);
    const [earlyLink, lateLink] = [
      await lastLinkTo(early.email, 'reset-password'),
      await lastLinkTo(late.email, 'reset-password'),
    ];
    await clock(3600 - 60);
    expect((await resetWith(earlyLink)).status).toBe(204);
    await clock(3600 + 1);
    const expired = await resetWith(lateLink);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ code: 'reset_link_expired' });
    await clock(0);
    expect((await tokenRequest(late.email)).status).toBe(200);
  });

  it('a newer password change retires older links; unknown tokens are 404; a weak password keeps the link', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    await forgot(member.email);
    const first = await lastLinkTo(member.email, 'reset-password');
    await forgot(member.email);
    const second = await lastLinkTo(member.email, 'reset-password');
    expect(second).not.toBe(first);

    const weak = await resetWith(second, 'weak');
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ code: 'weak_password' });
    expect((await resetWith('A'.repeat(43))).status).toBe(404);
    expect((await call('POST', '/v1/auth/reset-password', { body: { token: second } })).status).toBe(400);

    expect((await resetWith(second)).status).toBe(204);
    const retired = await resetWith(first, 'Other-Password-55');
    expect(retired.status).toBe(410);
    expect((await tokenRequest(member.email, 'Other-Password-55')).status).toBe(401);
  });

  it('one link, two requests at once: exactly one sets the password', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    await forgot(member.email);
    const link = await lastLinkTo(member.email, 'reset-password');
    const results = await Promise.all([resetWith(link, 'Racer-One-Pass-1'), resetWith(link, 'Racer-Two-Pass-2')]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 410]);
    const winner = results[0].status === 204 ? 'Racer-One-Pass-1' : 'Racer-Two-Pass-2';
    const loser = winner === 'Racer-One-Pass-1' ? 'Racer-Two-Pass-2' : 'Racer-One-Pass-1';
    await nextSecond();
    expect((await tokenRequest(member.email, winner)).status).toBe(200);
    expect((await tokenRequest(member.email, loser)).status).toBe(401);
  });

  it('gives the link back when Cognito fails to set the password', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    await forgot(member.email);
    const link = await lastLinkTo(member.email, 'reset-password');
    await fault({ service: 'cognito', command: 'AdminSetUserPasswordCommand', times: 1 });
    expect((await resetWith(link)).status).toBe(500);
    expect((await resetWith(link)).status).toBe(204);
    await nextSecond();
    expect((await tokenRequest(member.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('refuses bodies that are not an email (400)', async () => {
    for (const body of [{}, { email: 'nope' }, { email: PASSWORD }, { email: 'a@b.example', extra: 1 }]) {
      expect((await call('POST', '/v1/auth/forgot-password', { body })).status, JSON.stringify(body)).toBe(400);
    }
  });
});
