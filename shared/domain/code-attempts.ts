import { RateLimitedError } from './errors.ts';

/**
 * Attempt limits on TOTP codes, per identity, whatever the endpoint (the MFA sign-in step, enrolment, turning MFA
 * off, replacing an authenticator): Cognito's own limits are per session or unclear, and a six-digit code falls to
 * enough guesses. At most MFA_CODE_ATTEMPTS wrong codes in a window of MFA_CODE_WINDOW_SECONDS; past that every
 * code, even a right one, is refused with 429 until the window ends.
 *
 * Each code checked first takes a place in the window (a conditional write, so concurrent guesses cannot all slip
 * through on the last place); a right code gives its place back and leaves the wrong ones counted: the window frees
 * with time, never by a success. A window starts with the first attempt after the previous one ended (or emptied).
 */
export const MFA_CODE_ATTEMPTS = 5;
export const MFA_CODE_WINDOW_SECONDS = 5 * 60;

/** The counted attempts of one identity in its current window. */
export interface CodeAttemptWindow {
  /** Epoch seconds the window began. */
  windowStart: number;
  attempts: number;
}

/** Seconds until a window that began at `windowStart` ends (at least 1). */
export const secondsUntilWindowEnds = (windowStart: number, nowSeconds: number): number =>
  Math.max(1, windowStart + MFA_CODE_WINDOW_SECONDS - nowSeconds);

/** Whether a window is over at `nowSeconds` (an expired counter counts as gone, before TTL deletes it). */
export const windowIsOver = (w: CodeAttemptWindow | null | undefined, nowSeconds: number): boolean =>
  !w || w.attempts <= 0 || w.windowStart + MFA_CODE_WINDOW_SECONDS <= nowSeconds;

export const tooManyCodeAttempts = (retryAfterSeconds: number): RateLimitedError =>
  new RateLimitedError(
    retryAfterSeconds,
    `Too many wrong codes: try again in ${retryAfterSeconds} seconds (at most ${MFA_CODE_ATTEMPTS} in ${MFA_CODE_WINDOW_SECONDS / 60} minutes)`,
  );
