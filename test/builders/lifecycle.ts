/** Builders and probes for the lifecycle, credential, MFA and audit tests: TOTP enrolment, MFA sign-in, events, Cognito. */
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Secret, TOTP } from 'otpauth';
import { expect } from 'vitest';
import { call, stack } from '../support/http.ts';
import { nextSecond, PASSWORD, tokenRequest } from './api.ts';

export type AuditEventDto = {
  id: string;
  type: string;
  at: string;
  actor: { kind: string; userId?: string };
  target: { userId?: string };
  details: Record<string, unknown>;
};

/** The code an authenticator app shows now for a Cognito TOTP secret (base32, SHA-1, 6 digits, 30 s). */
export const totpCode = (secret: string) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
/** A code that is certainly not the current one (nor its neighbours, which Cognito also accepts). */
export function wrongCode(secret: string): string {
  const near = [-30, 0, 30].map((s) =>
    new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + s * 1000 }),
  );
  for (let n = 0; ; n++) {
    const candidate = String((Number(near[1]) + 111_111 * (n + 1)) % 1_000_000).padStart(6, '0');
    if (!near.includes(candidate)) return candidate;
  }
}

/** Enrolls TOTP with `token` and returns the secret. */
export async function enrollTotp(token: string): Promise<string> {
  const started = await call('POST', '/v1/me/mfa/totp', { token });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const { secret } = started.body as { secret: string };
  const verified = await call('POST', '/v1/me/mfa/totp/verify', { token, body: { code: totpCode(secret) } });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  return secret;
}

/** Password, then the TOTP challenge: the access token. */
export async function signInWithMfa(email: string, secret: string, password = PASSWORD): Promise<string> {
  const first = await tokenRequest(email, password);
  expect(first.body, JSON.stringify(first.body)).toMatchObject({ challenge: 'SOFTWARE_TOKEN_MFA' });
  const second = await call('POST', '/v1/auth/mfa', {
    body: { session: (first.body as { session: string }).session, code: totpCode(secret) },
  });
  expect(second.status, JSON.stringify(second.body)).toBe(200);
  return (second.body as { accessToken: string }).accessToken;
}

/**
 * `who` with TOTP enrolled and signed in again with it: their `token` is replaced in place (enrolling revokes the old
 * sessions), so every test holding the object keeps a working token. Requiring MFA needs the caller's own MFA.
 */
export async function withTotp<T extends { email: string; token: string }>(who: T): Promise<T & { secret: string }> {
  const secret = await enrollTotp(who.token);
  await nextSecond();
  return Object.assign(who, { token: await signInWithMfa(who.email, secret), secret });
}

export async function eventsOf(token: string, path: string): Promise<AuditEventDto[]> {
  const r = await call('GET', path, { token });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as { items: AuditEventDto[] }).items;
}

let cognito: CognitoIdentityProviderClient | undefined;
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** What Cognito (the emulator) holds for an email: absent, or enabled/disabled. */
export async function cognitoUser(email: string): Promise<{ exists: false } | { exists: true; enabled: boolean }> {
  cognito ??= new CognitoIdentityProviderClient({
    endpoint: stack().cognitoEndpoint,
    region: 'us-east-1',
    credentials: localCredentials,
  });
  try {
    const out = await cognito.send(new AdminGetUserCommand({ UserPoolId: stack().userPoolId, Username: email }));
    return { exists: true, enabled: out.Enabled !== false };
  } catch (error) {
    if ((error as Error).name === 'UserNotFoundException') return { exists: false };
    throw error;
  }
}
