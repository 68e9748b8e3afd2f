import type { Placement, Role } from './user.ts';
import { InvitationExpiredError, InvitationRevokedError, InvitationUsedError } from './errors.ts';
import { RESET_LINK_TTL_SECONDS } from './link-lifetime.ts';

export const invitationStatuses = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];
export type Delivery = 'pending' | 'sent' | 'failed';

export interface Actor {
  /** `anonymous`: an unauthenticated request about a member (failed sign-in, forgotten password). */
  kind: 'operator' | 'user' | 'system' | 'anonymous';
  userId?: string;
  /** `scim`: a system user acting through its SCIM connection (an identity provider provisioning members). */
  source?: 'scim';
}

/**
 * What a link does when accepted. `setup`: activates a member created in the directory (userId set).
 * `invite`: an invitation by email (POST …/invitations); the member is created on acceptance (userId set then).
 * `reset`: re-sent to a member who had already set up their sign-in; accepting it sets a new password.
 */
export type InvitationKind = 'setup' | 'invite' | 'reset';

/** A link that lets a person join an account (or set up their sign-in again). Only the token's hash is ever stored. */
export interface Invitation {
  id: string;
  accountId: string;
  email: string;
  role: Role;
  kind: InvitationKind;
  /** The member this link sets up; null for an `invite` until it is accepted. */
  userId: string | null;
  /** The inviter's note (invitations only), repeated in resent mail. */
  message: string | null;
  status: InvitationStatus;
  tokenHash: string;
  invitedBy: Actor;
  createdAt: string;
  /** When the link stops working. */
  expiresAt: string;
  /** When the record is deleted (TTL): invitations are kept 30 days after expiry to answer 410. */
  purgeAt: string;
  delivery: Delivery;
  resendCount: number;
  resentAt: string | null;
  /** Times of the resends of the last 24 hours (at most the daily limit): the resend rate limit. */
  recentResends: string[];
  /**
   * Set while one request is accepting the link (a short lease): Cognito is touched only under the claim, and the
   * completing transaction requires it, so two racing accepts cannot leave the loser's password behind.
   */
  claimId?: string | null;
  /**
   * Where the member sits and what they hold once accepted (an invitation by email creates the member then); for a
   * member's setup link, where they sat when it was issued. Null for links from before units.
   */
  placement: Placement | null;
  /**
   * A `reset` link only: the identity's revocation mark it was issued under (the mark its own issue set). Like a
   * password-reset link, any later password change moves the mark and so retires the link.
   */
  sessionsValidAfter?: number;
  /** A `reset` link only: the identity's `revocationCount` after its own issue (a change in the same second shows). */
  revocationCount?: number;
}

/** How long an acceptance may hold its claim before another request may take the link over. */
export const ACCEPTANCE_LEASE_SECONDS = 60;

export const INVITATION_RETENTION_SECONDS = 30 * 24 * 3600;

/** Refuses a link that is no longer usable; an expired link is refused even if its record still exists. */
export function assertUsable(invitation: Invitation, tokenHash: string, now: Date): void {
  if (invitation.tokenHash !== tokenHash) throw new InvitationUsedError('This link was replaced by a newer one');
  if (invitation.status === 'accepted') throw new InvitationUsedError();
  if (invitation.status === 'revoked') throw new InvitationRevokedError();
  if (invitation.status === 'expired' || now.getTime() >= Date.parse(invitation.expiresAt))
    throw new InvitationExpiredError();
  // a reset link lives as long as a password-reset link, also one stored when it lived as long as an invitation
  const issuedAt = Date.parse(invitation.resentAt ?? invitation.createdAt);
  if (invitation.kind === 'reset' && now.getTime() >= issuedAt + RESET_LINK_TTL_SECONDS * 1000)
    throw new InvitationExpiredError();
}

/**
 * A `reset` link is retired by any password change after it was issued: the identity's mark must still be the one
 * the link was issued under. A link stored before links recorded it is judged by the second it was issued.
 */
export function assertResetLinkCurrent(
  invitation: Invitation,
  identity: { tokensValidAfter: number; revocationCount?: number },
): void {
  const issuedUnder =
    invitation.sessionsValidAfter ?? Math.floor(Date.parse(invitation.resentAt ?? invitation.createdAt) / 1000) + 1;
  const current =
    invitation.sessionsValidAfter === undefined
      ? identity.tokensValidAfter <= issuedUnder
      : identity.tokensValidAfter === issuedUnder &&
        (invitation.revocationCount === undefined || (identity.revocationCount ?? 0) === invitation.revocationCount);
  if (!current) throw new InvitationUsedError('A newer password change replaced this link');
}

/** Gone means the record would already have been deleted by TTL. */
export const isPurged = (invitation: Invitation, now: Date): boolean => now.getTime() >= Date.parse(invitation.purgeAt);
