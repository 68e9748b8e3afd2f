/**
 * Attempt limits where Cognito's are not enough, over HTTP: TOTP codes (5 wrong per person in 5 minutes, then 429
 * with Retry-After, even for a right code) and failed sign-ins aggregated into one event per email and minute.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, clock } from '../../support/http.ts';
import { expectStatus, newAccount, newMember, PASSWORD, tokenRequest } from '../../builders/api.ts';
import { enrollTotp, eventsOf, signInWithMfa, totpCode, wrongCode } from '../../builders/lifecycle.ts';

afterEach(() => clock(0));

/** Password first: the MFA challenge's session. */
async function challenge(email: string): Promise<string> {
  const r = await tokenRequest(email);
  expectStatus(r, 200);
  expect(r.body).toMatchObject({ challenge: 'SOFTWARE_TOKEN_MFA' });
  return (r.body as { session: string }).session;
}

describe('TOTP code attempts', () => {
  it('5 wrong codes, then 429 with Retry-After even for the right code; after the window the right code works', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    const secret = await enrollTotp(member.token);
    const session = await challenge(member.email);
    for (let i = 0; i < 5; i++) {
      const r = await call('POST', '/v1/auth/mfa', { body: { session, code: wrongCode(secret) } });
      expectStatus(r, 401, `wrong code ${i + 1}`);
      expect(r.body).toMatchObject({ code: 'invalid_mfa_code' });
    }
    const limited = await call('POST', '/v1/auth/mfa', { body: { session, code: totpCode(secret) } });
    expectStatus(limited, 429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(250);
    expect(retryAfter).toBeLessThanOrEqual(300);
    // the window passes (the handlers' clock moves on): the right code signs in
    await clock(retryAfter);
    const session2 = await challenge(member.email);
    const ok = await call('POST', '/v1/auth/mfa', { body: { session: session2, code: totpCode(secret) } });
    expectStatus(ok, 200);
  });

  it('counts per person across the MFA sign-in and DELETE /v1/me/mfa; positive control: 4 wrong, then right', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    const secret = await enrollTotp(member.token);
    const session = await challenge(member.email);
    for (let i = 0; i < 4; i++)
      expectStatus(await call('POST', '/v1/auth/mfa', { body: { session, code: wrongCode(secret) } }), 401);
    const ok = await call('POST', '/v1/auth/mfa', { body: { session, code: totpCode(secret) } });
    expectStatus(ok, 200, 'a right code under the limit');
    const token = (ok.body as { accessToken: string }).accessToken;
    // one more wrong code (here: turning MFA off) fills the window: the right code is then refused as well
    expectStatus(await call('DELETE', '/v1/me/mfa', { token, body: { code: wrongCode(secret) } }), 403);
    const limited = await call('DELETE', '/v1/me/mfa', { token, body: { code: totpCode(secret) } });
    expectStatus(limited, 429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call('GET', '/v1/me', { token })).body).toMatchObject({ identity: { mfaEnabled: true } });
    // another person is not limited by these guesses
    const other = await newMember(acme);
    const otherSecret = await enrollTotp(other.token);
    expectStatus(await call('GET', '/v1/me', { token: await signInWithMfa(other.email, otherSecret) }), 200);
  });
});

describe('failed sign-ins', () => {
  it('20 wrong passwords in one minute are one sign_in.failed event with count 20; the right password still works', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    // all 20 within one minute of the clock
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => tokenRequest(member.email, `${PASSWORD}-wrong`)),
    );
    for (const r of answers) expectStatus(r, 401);
    const events = await eventsOf(acme.token, `/v1/accounts/${acme.accountId}/events?type=sign_in.failed`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'sign_in.failed',
      actor: { kind: 'anonymous' },
      target: { userId: member.id },
      details: { reason: 'invalid_password', count: 20 },
    });
    // the member's own event list shows the same one event
    const own = await eventsOf(
      acme.token,
      `/v1/accounts/${acme.accountId}/users/${member.id}/events?type=sign_in.failed`,
    );
    expect(own).toHaveLength(1);
    // positive control
    expectStatus(await tokenRequest(member.email), 200);
  });
});
