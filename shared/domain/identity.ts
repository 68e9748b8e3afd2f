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

/** How long after a mark's second begins a sign-in asks the provider for tokens: room for its clock to differ. */
export const FRESH_TOKEN_MARGIN_MS = 100;
/** Marks are at most a second ahead of the clock; one further ahead comes from a clock that went back: no wait. */
export const MAX_FRESH_TOKEN_WAIT_MS = 2000;

/**
 * The highest revocation mark the tokens of a sign-in now will be checked against: the identity's and those of the
 * memberships they can use (active ones). 0 for an unknown person.
 */
export const markConcerningNewTokens = (access: IdentityAccess): number =>
  access.identity
    ? Math.max(
        access.identity.tokensValidAfter,
        ...access.memberships.filter((m) => m.status === 'active').map((m) => m.tokensValidAfter),
      )
    : 0;

/**
 * How long to wait before asking the provider for tokens so that their `iat` is not below `mark` (tokens times are
 * whole seconds, and a revocation in second S refuses every token of S): until the mark's second has begun, plus
 * the margin. 0 when it has, and when the mark is further ahead than any revocation sets it (a clock that went back).
 */
export function waitBeforeIssuing(mark: number, now: Date): number {
  const wait = mark * 1000 + FRESH_TOKEN_MARGIN_MS - now.getTime();
  return wait > 0 && wait <= MAX_FRESH_TOKEN_WAIT_MS ? wait : 0;
}

/** The issue time (`iat`, epoch seconds) a provider wrote into a JWT it just issued; null when it is not a JWT. */
export function issuedAtOf(jwt: string): number | null {
  const payload = jwt.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iat?: unknown };
    return typeof claims.iat === 'number' ? claims.iat : null;
  } catch {
    return null;
  }
}
