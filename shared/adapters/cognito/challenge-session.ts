import { createHmac, timingSafeEqual } from 'node:crypto';
import { env, settingNames } from '#config/env.ts';

/**
 * The `session` a client gets with an MFA challenge. Cognito wants the username back with the challenge answer, and
 * the API contract gives only `{ session, code }`: so the Cognito session and the email travel together, signed
 * (HMAC with the deployment's signing key, under a label of its own) so that nobody can pair a session with
 * another person's email. It also expires, whatever Cognito does (Cognito's own sessions last 3 minutes).
 */
const LABEL = 'switchboard/mfa-challenge/v1';
const LIFETIME_SECONDS = 5 * 60;

let secret: Buffer | undefined;
const key = () => (secret ??= Buffer.from(env(settingNames.cursorSecret), 'utf8'));
const mac = (payload: string) => createHmac('sha256', key()).update(`${LABEL}\n${payload}`).digest();

export function sealChallenge(email: string, cognitoSession: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ e: email, s: cognitoSession, x: Math.floor(now / 1000) + LIFETIME_SECONDS }), 'utf8').toString('base64url');
  return `${payload}.${mac(payload).toString('base64url')}`;
}

export function openChallenge(sealed: string, now = Date.now()): { email: string; cognitoSession: string } | null {
  const [payload, signature, extra] = sealed.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const { e, s, x } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { e?: unknown; s?: unknown; x?: unknown };
    if (typeof e !== 'string' || typeof s !== 'string' || typeof x !== 'number' || x * 1000 <= now) return null;
    return { email: e, cognitoSession: s };
  } catch {
    return null;
  }
}
