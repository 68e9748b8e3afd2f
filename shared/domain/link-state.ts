/**
 * What a mailed link is, as a hosted page tells it before anything is used: the same rules as the routes that use the
 * link (they throw these errors), so the page and the form it posts never disagree.
 */
import {
  InvitationExpiredError,
  InvitationRevokedError,
  InvitationUsedError,
  ResetLinkExpiredError,
  ResetLinkUsedError,
  VoicemailPinLinkExpiredError,
  VoicemailPinLinkUsedError,
} from './errors.ts';

/** `unknown`: no such link, or one past its retention (a guessed or mistyped token looks the same). */
export type LinkState = 'valid' | 'used' | 'expired' | 'revoked' | 'unknown';

/** The state a link error stands for; undefined for any other error (a wrong password, a weak PIN, an outage). */
export function linkStateOfError(error: unknown): Exclude<LinkState, 'valid' | 'unknown'> | undefined {
  if (error instanceof InvitationRevokedError) return 'revoked';
  if (
    error instanceof InvitationExpiredError ||
    error instanceof ResetLinkExpiredError ||
    error instanceof VoicemailPinLinkExpiredError
  )
    return 'expired';
  if (
    error instanceof InvitationUsedError ||
    error instanceof ResetLinkUsedError ||
    error instanceof VoicemailPinLinkUsedError
  )
    return 'used';
  return undefined;
}

/** Runs one of the link rules (assertUsable, assertResetUsable, ...) and says what it found instead of throwing. */
export function linkStateOf(check: () => void): LinkState {
  try {
    check();
    return 'valid';
  } catch (error) {
    const state = linkStateOfError(error);
    if (state) return state;
    throw error;
  }
}
