import { sealer } from '../sealed.ts';

/**
 * The `session` a client gets with an MFA challenge. Cognito wants the username back with the challenge answer, and
 * the API contract gives only `{ session, code }`: so the Cognito session and the email travel together, signed
 * (HMAC with the deployment's signing key, under a label of its own) so that nobody can pair a session with
 * another person's email. It also expires, whatever Cognito does (Cognito's own sessions last 3 minutes).
 */
const LIFETIME_SECONDS = 5 * 60;
const challenges = sealer('switchboard/mfa-challenge/v1', 'mfa-session');

export function sealChallenge(email: string, cognitoSession: string, now = Date.now()): string {
  return challenges.seal({ e: email, s: cognitoSession, x: Math.floor(now / 1000) + LIFETIME_SECONDS });
}

export function openChallenge(sealed: string, now = Date.now()): { email: string; cognitoSession: string } | null {
  const data = challenges.open(sealed);
  if (
    !data ||
    typeof data.e !== 'string' ||
    typeof data.s !== 'string' ||
    typeof data.x !== 'number' ||
    data.x * 1000 <= now
  )
    return null;
  return { email: data.e, cognitoSession: data.s };
}
