import { ResetLinkExpiredError, ResetLinkUsedError } from './errors.ts';
import type { Actor } from './invitation.ts';

/** A password reset link lives an hour; its record is kept a day longer so a used or expired link answers 410. */
export { RESET_LINK_TTL_SECONDS } from './link-lifetime.ts';
export const RESET_RETENTION_SECONDS = 24 * 3600;
/** Reset requests per email per sliding hour; past it they are dropped without a sign. */
export const RESET_REQUESTS_PER_HOUR = 5;
/** A claimed link whose completion died midway becomes usable again after this. */
export const RESET_CLAIM_SECONDS = 60;

/**
 * A password reset link. Only the token's hash is stored. `sessionsValidAfter` is the identity's revocation mark
 * when the link was issued: any later password change or reset moves that mark and so retires the link.
 */
export interface PasswordReset {
  tokenHash: string;
  identityId: string;
  email: string;
  status: 'pending' | 'claimed' | 'used';
  requestedBy: Actor;
  sessionsValidAfter: number;
  /**
   * The identity's `revocationCount` the link expects (its mark alone is whole seconds: a second change in the same
   * second shows only here). Absent on links stored before it was kept.
   */
  revocationCount?: number;
  createdAt: string;
  expiresAt: string;
  purgeAt: string;
  claimId: string | null;
  claimedUntil: string | null;
}

export function assertResetUsable(
  reset: PasswordReset,
  identity: { tokensValidAfter: number; revocationCount?: number } | null,
  now: Date,
): void {
  if (reset.status === 'used') throw new ResetLinkUsedError();
  if (
    identity === null ||
    identity.tokensValidAfter !== reset.sessionsValidAfter ||
    (typeof reset.revocationCount === 'number' && (identity.revocationCount ?? 0) !== reset.revocationCount)
  )
    throw new ResetLinkUsedError('A newer password change replaced this link');
  if (now.getTime() >= Date.parse(reset.expiresAt)) throw new ResetLinkExpiredError();
  if (reset.status === 'claimed' && reset.claimedUntil && now.getTime() < Date.parse(reset.claimedUntil))
    throw new ResetLinkUsedError('This link is being used right now');
}

export const resetLink = (appUrl: string, token: string) =>
  `${appUrl.replace(/\/+$/, '')}/reset-password?token=${token}`;
