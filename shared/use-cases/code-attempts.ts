import { InvalidMfaCodeError } from '#domain/errors.ts';
import type { Deps } from './deps.ts';

/**
 * Checks a TOTP code within the identity's attempt limit (#domain/code-attempts.ts): a place in the window is taken
 * first (429 when none is left, whatever the code); a wrong code keeps it, a right one gives it back, and so does a
 * failure that is not about the code (an expired session, the provider down). `wrong` tells a checked outcome's
 * verdict; a thrown InvalidMfaCodeError is a wrong code too.
 */
export async function checkCodeWithinLimit<T>(
  deps: Pick<Deps, 'codeAttempts' | 'clock'>,
  identityId: string,
  check: () => Promise<T>,
  wrong: (outcome: T) => boolean,
): Promise<T> {
  const { windowStart } = await deps.codeAttempts.reserve(identityId, deps.clock.now());
  let outcome: T;
  try {
    outcome = await check();
  } catch (error) {
    if (!(error instanceof InvalidMfaCodeError))
      await deps.codeAttempts.release(identityId, windowStart).catch(() => undefined);
    throw error;
  }
  if (!wrong(outcome)) await deps.codeAttempts.release(identityId, windowStart);
  return outcome;
}
