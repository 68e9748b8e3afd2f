import { sealer } from '../sealed.ts';

/**
 * The `session` a client gets with an MFA challenge. Cognito wants the username back with the challenge answer, and
 * the API contract gives only `{ session, code }`: so the Cognito session and the email travel together, signed
 * (HMAC with the deployment's signing key, under a label of its own) so that nobody can pair a session with
 * another person's email. It also expires, whatever Cognito does (Cognito's own sessions last 3 minutes).
 */
const LIFETIME_SECONDS = 5 * 60;
/**
 * One label per challenge: a session of one challenge is never accepted as another's answer (cognito-local does not
 * check which challenge a session belongs to; AWS does). Marked pure: making a sealer derives no key, so a bundle that
 * seals no challenge drops them.
 */
const challenges = {
  mfa: /* @__PURE__ */ sealer('switchboard/mfa-challenge/v1', 'mfa-session'),
  newPassword: /* @__PURE__ */ sealer('switchboard/new-password-challenge/v1', 'mfa-session'),
};
export type ChallengeKind = keyof typeof challenges;

/** The kind of session a Cognito challenge is answered with (anything but a new password is answered like MFA). */
export const challengeKind = (challengeName: string): ChallengeKind =>
  challengeName === 'NEW_PASSWORD_REQUIRED' ? 'newPassword' : 'mfa';

/** `username`: the one Cognito named in its challenge (USER_ID_FOR_SRP), which the answer must name and hash. */
export function sealChallenge(
  email: string,
  cognitoSession: string,
  now = Date.now(),
  kind: ChallengeKind = 'mfa',
  username?: string,
) {
  const x = Math.floor(now / 1000) + LIFETIME_SECONDS;
  return challenges[kind].seal({ e: email, s: cognitoSession, x, ...(username ? { u: username } : {}) });
}

export function openChallenge(
  sealed: string,
  now = Date.now(),
  kind: ChallengeKind = 'mfa',
): { email: string; cognitoSession: string; username?: string } | null {
  const data = challenges[kind].open(sealed);
  if (
    !data ||
    typeof data.e !== 'string' ||
    typeof data.s !== 'string' ||
    typeof data.x !== 'number' ||
    data.x * 1000 <= now
  )
    return null;
  return { email: data.e, cognitoSession: data.s, ...(typeof data.u === 'string' ? { username: data.u } : {}) };
}
