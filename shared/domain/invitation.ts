import type { Role } from './user.ts';
import { InvitationExpiredError, InvitationRevokedError, InvitationUsedError } from './errors.ts';

export const invitationStatuses = ['pending', 'accepted', 'revoked', 'expired'] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];
export type Delivery = 'pending' | 'sent' | 'failed';

export interface Actor {
  kind: 'operator' | 'user' | 'system';
  userId?: string;
}

/**
 * A link that lets a person join an account: the setup link of a user created in the directory
 * (userId set) or a plain invitation. Only the token's hash is ever stored.
 */
export interface Invitation {
  id: string;
  accountId: string;
  email: string;
  role: Role;
  /** The directory user this link sets up. */
  userId: string;
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
}

export const INVITATION_RETENTION_SECONDS = 30 * 24 * 3600;

/** Refuses a link that is no longer usable; an expired link is refused even if its record still exists. */
export function assertUsable(invitation: Invitation, tokenHash: string, now: Date): void {
  if (invitation.tokenHash !== tokenHash) throw new InvitationUsedError('This link was replaced by a newer one');
  if (invitation.status === 'accepted') throw new InvitationUsedError();
  if (invitation.status === 'revoked') throw new InvitationRevokedError();
  if (invitation.status === 'expired' || now.getTime() >= Date.parse(invitation.expiresAt)) throw new InvitationExpiredError();
}

/** Gone means the record would already have been deleted by TTL. */
export const isPurged = (invitation: Invitation, now: Date): boolean => now.getTime() >= Date.parse(invitation.purgeAt);
