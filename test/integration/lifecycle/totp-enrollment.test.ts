/**
 * Enrolling an authenticator takes more than a token: the current password, or a sign-in in the last 5 minutes;
 * replacing an enrolled one takes a current code from it too. The handlers' clock is moved forward to make a token's
 * sign-in old (Cognito's own times do not move).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, clock } from '../../support/http.ts';
import { expectStatus, newAccount, newMember, PASSWORD } from '../../builders/api.ts';
import { signInWithMfa, totpCode, wrongCode } from '../../builders/lifecycle.ts';

const start = (token: string, body?: Record<string, unknown>) =>
  call('POST', '/v1/me/mfa/totp', { token, ...(body ? { body } : {}) });

afterEach(() => clock(0));

describe('starting a TOTP enrolment', () => {
  it('a token whose sign-in is over 5 minutes old (a stolen one) cannot start it without the current password', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    await clock(6 * 60);
    const refused = await start(member.token);
    expectStatus(refused, 403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'reauthentication_required' });
    const wrong = await start(member.token, { password: `${PASSWORD}-not` });
    expectStatus(wrong, 403);
    expect(wrong.body).toMatchObject({ code: 'reauthentication_required' });
    // nothing was enrolled
    expect((await call('GET', '/v1/me', { token: member.token })).body).toMatchObject({
      identity: { mfaEnabled: false },
    });

    // positive control: the current password
    const started = await start(member.token, { password: PASSWORD });
    expectStatus(started, 200);
    const { secret } = started.body as { secret: string };
    expectStatus(
      await call('POST', '/v1/me/mfa/totp/verify', { token: member.token, body: { code: totpCode(secret) } }),
      200,
    );
  });

  it('positive control: a sign-in within 5 minutes needs no password; unknown fields are 400', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    await clock(4 * 60);
    expectStatus(await start(member.token, { secret: 'mine' }), 400);
    expectStatus(await start(member.token), 200);
  });

  it('replacing an enrolled authenticator takes a current code from it', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    const first = await start(member.token);
    expectStatus(first, 200);
    const oldSecret = (first.body as { secret: string }).secret;
    expectStatus(
      await call('POST', '/v1/me/mfa/totp/verify', { token: member.token, body: { code: totpCode(oldSecret) } }),
      200,
    );
    const token = await signInWithMfa(member.email, oldSecret);

    const noCode = await start(token, { password: PASSWORD });
    expectStatus(noCode, 409);
    expect(noCode.body).toMatchObject({ code: 'mfa_already_enabled' });
    const badCode = await start(token, { code: wrongCode(oldSecret) });
    expectStatus(badCode, 403);
    expect(badCode.body).toMatchObject({ code: 'reauthentication_required' });

    // positive control: a current code of the enrolled authenticator
    const replaced = await start(token, { code: totpCode(oldSecret) });
    expectStatus(replaced, 200);
    const newSecret = (replaced.body as { secret: string }).secret;
    expect(newSecret).not.toBe(oldSecret);
    expectStatus(await call('POST', '/v1/me/mfa/totp/verify', { token, body: { code: totpCode(newSecret) } }), 200);
    const again = await signInWithMfa(member.email, newSecret);
    expectStatus(await call('GET', '/v1/me', { token: again }), 200);
  });
});
