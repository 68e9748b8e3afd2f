/**
 * A password an account manager sets is temporary unless the manager says otherwise: the person's next sign-in is a
 * NEW_PASSWORD_REQUIRED challenge, completed with a password of their own at POST /v1/auth/new-password.
 */
import { describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { PASSWORD, newAccount, newMember, nextSecond, tokenRequest } from '../../builders/api.ts';

const TEMPORARY = 'Temporary-Pass-42';
const CHOSEN = 'Chosen-By-Member-7';
const userPath = (accountId: string, userId: string) => `/v1/accounts/${accountId}/users/${userId}`;
const completeWith = (session: string, password = CHOSEN) =>
  call('POST', '/v1/auth/new-password', { body: { session, password } });

async function memberWithSetPassword(body: Record<string, unknown> = {}) {
  const acme = await newAccount();
  const member = await newMember(acme);
  const set = await call('PUT', `${userPath(acme.accountId, member.id)}/password`, {
    token: acme.token,
    body: { password: TEMPORARY, ...body },
  });
  expect(set.status, JSON.stringify(set.body)).toBe(204);
  // the set revoked every session in this second: a client signing in next takes longer than that
  await nextSecond();
  return { acme, member };
}

async function challenge(email: string): Promise<string> {
  const r = await tokenRequest(email, TEMPORARY);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body).toEqual({ challenge: 'NEW_PASSWORD_REQUIRED', session: expect.any(String) });
  expect(r.body).not.toHaveProperty('accessToken');
  return r.body.session;
}

const setEvent = async (acme: { accountId: string; token: string }, userId: string) => {
  const r = await call('GET', `${userPath(acme.accountId, userId)}/events?type=password.set_by_admin`, {
    token: acme.token,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items[0];
};

describe('password set by an account manager: temporary by default', () => {
  it('sign-in answers NEW_PASSWORD_REQUIRED; completing it answers tokens that work, and the person’s password is theirs', async () => {
    const { acme, member } = await memberWithSetPassword();
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(401);
    // the old password does not give tokens any more
    expect((await tokenRequest(member.email, PASSWORD)).body).not.toHaveProperty('accessToken');

    const session = await challenge(member.email);
    const done = await completeWith(session);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
    expect((await call('GET', '/v1/me', { token: done.body.accessToken })).status).toBe(200);

    // the chosen password now signs in directly; the temporary one is over
    const again = await tokenRequest(member.email, CHOSEN);
    expect(again.status).toBe(200);
    expect(again.body).toHaveProperty('accessToken');
    expect((await tokenRequest(member.email, TEMPORARY)).body).not.toHaveProperty('accessToken');

    expect(await setEvent(acme, member.id)).toMatchObject({ details: { temporary: true } });
    const changed = await call('GET', `${userPath(acme.accountId, member.id)}/events?type=password.changed`, {
      token: acme.token,
    });
    expect(changed.body.items[0]).toMatchObject({
      actor: { kind: 'user', userId: member.id },
      details: { temporaryReplaced: true },
    });
  });

  it('the temporary password alone never gives tokens: signing in again repeats the challenge', async () => {
    const { member } = await memberWithSetPassword();
    await challenge(member.email);
    await challenge(member.email);
  });

  it('refuses a weak new password with the policy problem, and a forged session with 401; both change nothing', async () => {
    const { member } = await memberWithSetPassword();
    const session = await challenge(member.email);

    const weak = await completeWith(session, 'short');
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ code: 'weak_password' });
    const forged = await completeWith(`${session.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.headers['content-type']).toMatch(/problem\+json/);
    const bad = await call('POST', '/v1/auth/new-password', { body: { session, password: CHOSEN, email: 'x' } });
    expect(bad.status).toBe(400);
    await challenge(member.email);

    // positive control: the same session with a good password
    const done = await completeWith(session);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  });

  it('with temporary: false the password is permanent: sign-in gives tokens at once', async () => {
    const { acme, member } = await memberWithSetPassword({ temporary: false });
    const r = await tokenRequest(member.email, TEMPORARY);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((await call('GET', '/v1/me', { token: r.body.accessToken })).status).toBe(200);
    expect(await setEvent(acme, member.id)).toMatchObject({ details: { temporary: false } });
  });

  it('refuses a temporary flag that is not a boolean (400, nothing set)', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    const r = await call('PUT', `${userPath(acme.accountId, member.id)}/password`, {
      token: acme.token,
      body: { password: TEMPORARY, temporary: 'no' },
    });
    expect(r.status).toBe(400);
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(200);
  });
});
