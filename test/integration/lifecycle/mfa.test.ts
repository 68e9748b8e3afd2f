import { describe, expect, it } from 'vitest';
import { call, stack } from '../../support/http.ts';
import { accept, newAccount, newMember, nextSecond, signIn, tokenRequest, userInput } from '../../builders/api.ts';
import { enrollTotp, eventsOf, signInWithMfa, totpCode, wrongCode } from '../../builders/lifecycle.ts';

type Challenge = { challenge: string; session: string };
const me = (token: string) => call('GET', '/v1/me', { token });

describe('TOTP enrollment and the MFA sign-in', () => {
  it('enroll → challenge → wrong code 401 → right code → tokens', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);

    const started = await call('POST', '/v1/me/mfa/totp', { token: member.token });
    expect(started.status).toBe(200);
    const { secret, otpauthUri } = started.body as { secret: string; otpauthUri: string };
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(otpauthUri).toBe(
      `otpauth://totp/${encodeURIComponent(`Northwind Voice:${member.email}`)}?secret=${secret}&issuer=Northwind%20Voice&algorithm=SHA1&digits=6&period=30`,
    );

    // a wrong code enables nothing
    const wrong = await call('POST', '/v1/me/mfa/totp/verify', {
      token: member.token,
      body: { code: wrongCode(secret) },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'invalid_mfa_code' });
    expect((await me(member.token)).body).toMatchObject({ identity: { mfaEnabled: false } });
    expect((await tokenRequest(member.email)).body).toMatchObject({ accessToken: expect.any(String) });

    const verified = await call('POST', '/v1/me/mfa/totp/verify', {
      token: member.token,
      body: { code: totpCode(secret) },
    });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ mfaEnabled: true });
    // sessions from before (password only) are revoked
    expect((await me(member.token)).status).toBe(401);
    await nextSecond();

    const first = await tokenRequest(member.email);
    expect(first.status).toBe(200);
    const { challenge, session } = first.body as Challenge;
    expect(challenge).toBe('SOFTWARE_TOKEN_MFA');
    expect(first.body).not.toHaveProperty('accessToken');

    const refused = await call('POST', '/v1/auth/mfa', { body: { session, code: wrongCode(secret) } });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: 'invalid_mfa_code' });

    const second = await call('POST', '/v1/auth/mfa', { body: { session, code: totpCode(secret) } });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const tokens = second.body as { accessToken: string; refreshToken: string };
    expect((await me(tokens.accessToken)).body).toMatchObject({ identity: { mfaEnabled: true } });
    // a wrong password still never reaches the challenge
    expect((await tokenRequest(member.email, 'Wrong-Password-99')).status).toBe(401);
  });

  it('a challenge session cannot be paired with another person or forged', async () => {
    const acme = await newAccount();
    const [alice, bob] = [await newMember(acme), await newMember(acme)];
    const [aliceSecret, bobSecret] = [await enrollTotp(alice.token), await enrollTotp(bob.token)];
    await nextSecond();
    const aliceSession = ((await tokenRequest(alice.email)).body as Challenge).session;
    const [payload, signature] = aliceSession.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const swapped = `${Buffer.from(JSON.stringify({ ...claims, e: bob.email })).toString('base64url')}.${signature}`;
    expect((await call('POST', '/v1/auth/mfa', { body: { session: swapped, code: totpCode(bobSecret) } })).status).toBe(
      401,
    );
    expect(
      (await call('POST', '/v1/auth/mfa', { body: { session: 'garbage', code: totpCode(aliceSecret) } })).status,
    ).toBe(401);
    // positive control: the untouched session with Alice's code
    expect(
      (await call('POST', '/v1/auth/mfa', { body: { session: aliceSession, code: totpCode(aliceSecret) } })).status,
    ).toBe(200);
    for (const body of [
      { session: aliceSession },
      { session: aliceSession, code: '12345' },
      { session: aliceSession, code: 123456 },
    ]) {
      expect((await call('POST', '/v1/auth/mfa', { body })).status, JSON.stringify(body)).toBe(400);
    }
  });

  it('turning MFA off takes a current code (403 without it); sign-in is then password-only again', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    const secret = await enrollTotp(member.token);
    await nextSecond();
    const token = await signInWithMfa(member.email, secret);
    expect((await call('POST', '/v1/me/mfa/totp', { token })).status).toBe(409);

    const refused = await call('DELETE', '/v1/me/mfa', { token, body: { code: wrongCode(secret) } });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'reauthentication_required' });
    expect((await me(token)).body).toMatchObject({ identity: { mfaEnabled: true } });

    expect((await call('DELETE', '/v1/me/mfa', { token, body: { code: totpCode(secret) } })).status).toBe(204);
    expect((await me(token)).body).toMatchObject({ identity: { mfaEnabled: false } });
    expect((await tokenRequest(member.email)).body).toMatchObject({ accessToken: expect.any(String) });
    expect((await call('DELETE', '/v1/me/mfa', { token, body: { code: totpCode(secret) } })).status).toBe(409);
  });
});

describe('account policy: mfaRequired', () => {
  it('holds members without MFA at enrollment (403 mfa_required elsewhere) until they enroll; MFA_SETUP at sign-in', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    // the manager enrolls first, then requires it
    const managerSecret = await enrollTotp(acme.token);
    await nextSecond();
    const managerToken = await signInWithMfa(acme.email, managerSecret);
    const patched = await call('PATCH', `/v1/accounts/${acme.accountId}`, {
      token: managerToken,
      body: { mfaRequired: true },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ mfaRequired: true, version: 2 });
    expect(
      (await call('PATCH', `/v1/accounts/${acme.accountId}`, { token: managerToken, body: { mfaRequired: 'yes' } }))
        .status,
    ).toBe(400);

    // the member's existing token: only /v1/me/mfa/* answers
    for (const [method, path] of [
      ['GET', `/v1/accounts/${acme.accountId}`],
      ['GET', `/v1/accounts/${acme.accountId}/users/${member.id}`],
      ['GET', '/v1/me'],
    ]) {
      const r = await call(method, path, { token: member.token });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body).toMatchObject({ code: 'mfa_required' });
    }
    // positive control: the manager, who has MFA, passes
    expect((await call('GET', `/v1/accounts/${acme.accountId}`, { token: managerToken })).status).toBe(200);

    const signedIn = await tokenRequest(member.email);
    expect(signedIn.status).toBe(200);
    const { challenge, session } = signedIn.body as Challenge;
    expect(challenge).toBe('MFA_SETUP');
    expect(signedIn.body).not.toHaveProperty('refreshToken');
    expect((await call('GET', `/v1/accounts/${acme.accountId}`, { token: session })).status).toBe(403);
    // the member cannot turn MFA off while the account requires it, nor skip it
    const secret = await enrollTotp(session);
    await nextSecond();
    const token = await signInWithMfa(member.email, secret);
    expect((await call('GET', `/v1/accounts/${acme.accountId}`, { token })).status).toBe(200);
    expect((await me(token)).body).toMatchObject({ identity: { mfaEnabled: true } });
    const off = await call('DELETE', '/v1/me/mfa', { token, body: { code: totpCode(secret) } });
    expect(off.status).toBe(403);
    expect(off.body).toMatchObject({ code: 'mfa_required' });
  });

  it('lifting the policy lets members without MFA back in', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    const secret = await enrollTotp(acme.token);
    await nextSecond();
    const managerToken = await signInWithMfa(acme.email, secret);
    expect(
      (await call('PATCH', `/v1/accounts/${acme.accountId}`, { token: managerToken, body: { mfaRequired: true } }))
        .status,
    ).toBe(200);
    expect((await call('GET', `/v1/accounts/${acme.accountId}`, { token: member.token })).status).toBe(403);
    expect(
      (await call('PATCH', `/v1/accounts/${acme.accountId}`, { token: managerToken, body: { mfaRequired: false } }))
        .status,
    ).toBe(200);
    expect((await call('GET', `/v1/accounts/${acme.accountId}`, { token: member.token })).status).toBe(200);
    expect((await tokenRequest(member.email)).body).toMatchObject({ accessToken: expect.any(String) });
  });
});

describe('an account manager removes a member’s MFA (lost phone)', () => {
  it('turns it off, revokes the member’s sessions and records who did it', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    const secret = await enrollTotp(member.token);
    await nextSecond();
    const token = await signInWithMfa(member.email, secret);

    // a regular member may not (positive control below: the manager)
    const peer = await newMember(acme);
    expect(
      (await call('DELETE', `/v1/accounts/${acme.accountId}/users/${member.id}/mfa`, { token: peer.token })).status,
    ).toBe(403);
    expect((await me(token)).status).toBe(200);

    const r = await call('DELETE', `/v1/accounts/${acme.accountId}/users/${member.id}/mfa`, { token: acme.token });
    expect(r.status, JSON.stringify(r.body)).toBe(204);
    expect((await me(token)).status).toBe(401);
    const [event] = await eventsOf(
      acme.token,
      `/v1/accounts/${acme.accountId}/users/${member.id}/events?type=mfa.reset`,
    );
    expect(event).toMatchObject({
      type: 'mfa.reset',
      actor: { kind: 'user', userId: acme.ownerId },
      target: { userId: member.id },
    });

    await nextSecond();
    // cognito-local lacks AdminSetUserMFAPreference (EMULATORS.md): it may still ask for the code it knows
    const next = await tokenRequest(member.email);
    const fresh =
      (next.body as Challenge).challenge === 'SOFTWARE_TOKEN_MFA'
        ? (
            (
              await call('POST', '/v1/auth/mfa', {
                body: { session: (next.body as Challenge).session, code: totpCode(secret) },
              })
            ).body as { accessToken: string }
          ).accessToken
        : (next.body as { accessToken: string }).accessToken;
    expect((await me(fresh)).body).toMatchObject({ identity: { mfaEnabled: false } });
  });

  it('refuses a person who is also in another account (409 identity_shared)', async () => {
    const [acme, beta] = await Promise.all([newAccount('Acme'), newAccount('Beta')]);
    const member = await newMember(acme);
    expect(
      (
        await call('POST', `/v1/accounts/${beta.accountId}/users`, {
          token: beta.token,
          body: userInput({ email: member.email }),
        })
      ).status,
    ).toBe(201);
    await accept(member.email);
    const r = await call('DELETE', `/v1/accounts/${acme.accountId}/users/${member.id}/mfa`, { token: acme.token });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'identity_shared' });
    expect((await me(await signIn(member.email))).status).toBe(200);
    // positive control: a member of this account only
    const solo = await newMember(acme);
    const reset = await call('DELETE', `/v1/accounts/${acme.accountId}/users/${solo.id}/mfa`, { token: acme.token });
    expect(reset.status, JSON.stringify(reset.body)).toBe(204);
  });
});

describe('MFA switched off around the service', () => {
  it('a member who turns TOTP off with Cognito’s own API cannot sign in without it (positive control: the challenge before)', async () => {
    const { CognitoIdentityProviderClient, SetUserMFAPreferenceCommand } = await import(
      '@aws-sdk/client-cognito-identity-provider'
    );
    const { inject } = await import('vitest');
    const acme = await newAccount();
    const member = await newMember(acme);
    const secret = await enrollTotp(member.token);
    await nextSecond();
    const accessToken = await signInWithMfa(member.email, secret);
    expect((await tokenRequest(member.email)).body).toMatchObject({ challenge: 'SOFTWARE_TOKEN_MFA' });

    // every Cognito access token may call SetUserMFAPreference for its own user
    const cognito = new CognitoIdentityProviderClient({
      endpoint: stack().cognitoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await cognito.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );

    const tampered = await tokenRequest(member.email);
    expect(tampered.status).toBe(401);
    expect(tampered.body).toMatchObject({ code: 'invalid_credentials' });
    const events = await eventsOf(acme.token, `/v1/accounts/${acme.accountId}/events?type=sign_in.failed`);
    expect(events.some((e) => e.details.reason === 'mfa_mismatch')).toBe(true);
  });
});
