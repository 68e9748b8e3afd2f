import type { Grants, UserStatus } from './user.ts';
import { epochSeconds } from './clock.ts';

/** A person who can sign in (one Cognito user), shared by their memberships in several accounts. */
export interface Identity {
  id: string;
  email: string;
  /** Tokens issued (iat, epoch seconds) before this are refused. 0: none revoked. */
  tokensValidAfter: number;
  /**
   * How many times the person's sessions were revoked by a change of their sign-in (a password set, reset or set up
   * again): each such write adds one, even when the whole-second mark does not move. Absent: none yet. Links that
   * set a password are retired by any change after them, so they compare this, not only the mark.
   */
  revocationCount?: number;
  mfaEnabled: boolean;
  createdAt: string;
}

/** The authorization record of one identity in one account, read on every request (consistent read). */
export interface Membership extends Grants {
  accountId: string;
  userId: string;
  identityId: string;
  status: UserStatus;
  /** Per-membership revocation (epoch seconds), e.g. on deactivation. */
  tokensValidAfter: number;
}

export interface IdentityAccess {
  identity: Identity | null;
  memberships: Membership[];
}

/** Revoking at second S refuses every token with iat <= S, including ones issued later in that same second. */
export const revocationMark = (now: Date): number => epochSeconds(now) + 1;

/** The mark a new revocation sets, never lower than the current one (a clock that went back must not revive tokens). */
export const nextRevocationMark = (current: number, now: Date): number => Math.max(revocationMark(now), current);
