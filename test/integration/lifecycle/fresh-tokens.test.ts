/**
 * Fresh tokens hold, however close they come after a revocation: a token any Switchboard endpoint just issued is
 * accepted on the very next request, and a token issued before a revocation is refused, however close the two are.
 * Token times are whole seconds, so each sequence runs many times in a row (no pause between the steps) to meet the
 * revocation and the sign-in in the same second again and again: 50 rounds, in 5 lanes of 10 back-to-back rounds
 * (one member each) side by side.
 */
import { describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { expectStatus, newAccount, newMember, PASSWORD, signIn } from '../../builders/api.ts';
import { enrollTotp, signInWithMfa, totpCode } from '../../builders/lifecycle.ts';

const ROUNDS = 50;
/** The rounds run in lanes: each lane is one member going through its rounds back to back, the lanes side by side. */
const LANES = 5;
const lanes = <T>(run: (lane: number) => Promise<T>) => Promise.all(Array.from({ length: LANES }, (_, i) => run(i)));
/**
 * Signs in after a manager's MFA reset. cognito-local lacks AdminSetUserMFAPreference (EMULATORS.md), so it may still
 * ask for the code it knows: then the challenge is answered (the other endpoint that issues tokens).
 */
async function signInAfterReset(email: string, secret: string): Promise<string> {
  const first = await call('POST', '/v1/auth/token', { body: { email, password: PASSWORD } });
  expectStatus(first, 200, 'sign-in after the reset');
  const body = first.body as { accessToken?: string; challenge?: string; session?: string };
  if (body.accessToken) return body.accessToken;
  expect(body.challenge).toBe('SOFTWARE_TOKEN_MFA');
  const second = await call('POST', '/v1/auth/mfa', { body: { session: body.session, code: totpCode(secret) } });
  expectStatus(second, 200, 'the code after the reset');
  return (second.body as { accessToken: string }).accessToken;
}

const userPath = (accountId: string, userId: string) => `/v1/accounts/${accountId}/users/${userId}`;

describe.concurrent('tokens issued right after a revocation', () => {
  it(`deactivate → reactivate → sign in at once: the new token works; the one from before is refused (${ROUNDS} rounds)`, {
    timeout: 600_000,
  }, async () => {
    const acme = await newAccount();
    await lanes(async (lane) => {
      const member = await newMember(acme);
      let token = member.token;
      for (let round = 0; round < ROUNDS / LANES; round++) {
        const label = `lane ${lane} round ${round}`;
        expectStatus(
          await call('POST', `${userPath(acme.accountId, member.id)}/deactivate`, { token: acme.token }),
          200,
          label,
        );
        expectStatus(
          await call('POST', `${userPath(acme.accountId, member.id)}/reactivate`, { token: acme.token }),
          200,
          label,
        );
        // the token from before the revocation (issued in the same second or the one before): refused
        expectStatus(await call('GET', `/v1/accounts/${acme.accountId}`, { token }), 401, `${label} old token`);
        expectStatus(await call('GET', '/v1/me', { token }), 401, `${label} old token /v1/me`);
        // the token issued at once after it: accepted on the very next request
        token = await signIn(member.email);
        expectStatus(await call('GET', `/v1/accounts/${acme.accountId}`, { token }), 200, `${label} fresh token`);
        expectStatus(await call('GET', '/v1/me', { token }), 200, `${label} fresh token /v1/me`);
      }
    });
  });

  it(`enroll TOTP → sign in with the code at once; a manager's MFA reset → sign in at once: both work (${ROUNDS} rounds)`, {
    timeout: 600_000,
  }, async () => {
    const acme = await newAccount();
    await lanes(async (lane) => {
      const member = await newMember(acme);
      let token = member.token;
      for (let round = 0; round < ROUNDS / LANES; round++) {
        const label = `lane ${lane} round ${round}`;
        const before = token;
        const secret = await enrollTotp(token);
        // enrolling revoked every earlier session
        expectStatus(await call('GET', '/v1/me', { token: before }), 401, `${label} token from before the enrolment`);
        const withCode = await signInWithMfa(member.email, secret);
        expectStatus(await call('GET', '/v1/me', { token: withCode }), 200, `${label} fresh token after enrolment`);

        const reset = await call('DELETE', `${userPath(acme.accountId, member.id)}/mfa`, { token: acme.token });
        expectStatus(reset, 204, `${label} MFA reset`);
        expectStatus(await call('GET', '/v1/me', { token: withCode }), 401, `${label} token from before the reset`);
        token = await signInAfterReset(member.email, secret);
        expectStatus(await call('GET', '/v1/me', { token }), 200, `${label} fresh token after the reset`);
      }
    });
  });
});
