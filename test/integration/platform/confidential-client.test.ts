/**
 * Sign-in only through the API: the local app client is confidential, like the deployed one, and every call the
 * API makes on it carries SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client id)). cognito-local
 * never checks the hash (nor refuses a direct sign-in without one), so the test computes it here and compares it
 * with what the handlers sent (recorded by the local gateway's SDK instrumentation, /__test/app-client-calls).
 * What only AWS can show is in docs/operations.md ("Sign-in only through the API").
 */
import { createHmac } from 'node:crypto';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, stack } from '../../support/http.ts';
import { PASSWORD, newAccount, newMember, nextSecond, tokenRequest } from '../../builders/api.ts';
import { enrollTotp, signInWithMfa } from '../../builders/lifecycle.ts';

type AppClientCall = { command: string; clientId: string; flow: string; username?: string; secretHash?: string };

let secret: string;
const hash = (username: string) =>
  createHmac('sha256', secret)
    .update(username + stack().userPoolClientId)
    .digest('base64');

async function appClientCalls(): Promise<AppClientCall[]> {
  const r = await call('GET', '/__test/app-client-calls');
  expect(r.status).toBe(200);
  return r.body.calls;
}

beforeAll(async () => {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: stack().cognitoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const out = await cognito.send(
    new DescribeUserPoolClientCommand({ UserPoolId: stack().userPoolId, ClientId: stack().userPoolClientId }),
  );
  cognito.destroy();
  secret = out.UserPoolClient?.ClientSecret ?? '';
});

describe('the app client is confidential', () => {
  it('the local stack creates it with a secret, like the deployed one', () => {
    expect(secret.length).toBeGreaterThan(16);
  });

  it('every sign-in, refresh, challenge answer and password check the API makes carries the right SECRET_HASH', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    expect((await call('DELETE', '/__test/app-client-calls')).status).toBe(204);

    // password sign-in and refresh
    const signedIn = await tokenRequest(member.email);
    expect(signedIn.status).toBe(200);
    const sub = decodeJwt(signedIn.body.accessToken).sub!;
    expect(
      (await call('POST', '/v1/auth/refresh', { body: { refreshToken: signedIn.body.refreshToken } })).status,
    ).toBe(200);
    // the TOTP step
    const secretTotp = await enrollTotp(signedIn.body.accessToken);
    await nextSecond();
    await signInWithMfa(member.email, secretTotp);
    // the new-password step, after a temporary password set by the manager (for someone without MFA)
    const other = await newMember(acme);
    const set = await call('PUT', `/v1/accounts/${acme.accountId}/users/${other.id}/password`, {
      token: acme.token,
      body: { password: 'Temporary-Pass-42' },
    });
    expect(set.status).toBe(204);
    await nextSecond();
    const challenge = await tokenRequest(other.email, 'Temporary-Pass-42');
    expect(challenge.body.challenge).toBe('NEW_PASSWORD_REQUIRED');
    const done = await call('POST', '/v1/auth/new-password', {
      body: { session: challenge.body.session, password: 'Chosen-By-Other-7' },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    // a manager's own password check (closing a member)
    const closed = await call('DELETE', `/v1/accounts/${acme.accountId}/users/${other.id}`, {
      token: acme.token,
      body: { password: PASSWORD },
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(204);

    const calls = await appClientCalls();
    const flows = calls.map((c) => c.flow);
    for (const flow of ['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH', 'SOFTWARE_TOKEN_MFA', 'NEW_PASSWORD_REQUIRED'])
      expect(flows, flow).toContain(flow);
    for (const c of calls) {
      expect(c.clientId).toBe(stack().userPoolClientId);
      expect(c.secretHash, JSON.stringify(c)).toBeDefined();
      // a refresh names no username: Cognito checks its hash against the user's own username (the sub)
      const username = c.flow === 'REFRESH_TOKEN_AUTH' ? sub : c.username!;
      expect(c.secretHash, JSON.stringify(c)).toBe(hash(username));
    }
    // a password sign-in names (and hashes) the email; the refresh the person's sub
    expect(calls.find((c) => c.flow === 'USER_PASSWORD_AUTH')!.username).toBe(member.email);
    expect(calls.find((c) => c.flow === 'REFRESH_TOKEN_AUTH')!.secretHash).toBe(hash(sub));
    // positive control of the comparison itself: another secret gives another hash
    expect(
      createHmac('sha256', `${secret}x`)
        .update(member.email + stack().userPoolClientId)
        .digest('base64'),
    ).not.toBe(hash(member.email));
  });
});
