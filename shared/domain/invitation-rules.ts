/** Rules of the invitation workflow (bulk invite, resend, revoke, expiry). No I/O: use cases apply them. */
import { randomBytes } from 'node:crypto';
import { addSeconds } from './clock.ts';
import { ConflictError, RateLimitedError } from './errors.ts';
import { INVITATION_RETENTION_SECONDS, type Invitation, type InvitationStatus } from './invitation.ts';
import { RESET_LINK_TTL_SECONDS } from './link-lifetime.ts';
import { newLinkToken } from './tokens.ts';

export const MAX_EMAILS_PER_REQUEST = 100;
export const MAX_MESSAGE_LENGTH = 500;
/** New invitations per account per UTC day (protects SES spend); resends do not count. */
export const DAILY_INVITATION_LIMIT = 500;
/** Resends of one invitation within any 24 hours. */
export const RESENDS_PER_DAY = 5;
const DAY_SECONDS = 24 * 3600;

/** The status a reader sees: a pending link past its expiry is expired, whether or not the cleanup has marked it. */
export function effectiveStatus(invitation: Pick<Invitation, 'status' | 'expiresAt'>, now: Date): InvitationStatus {
  return invitation.status === 'pending' && now.getTime() >= Date.parse(invitation.expiresAt)
    ? 'expired'
    : invitation.status;
}

export const isOpen = (invitation: Pick<Invitation, 'status' | 'expiresAt'>, now: Date): boolean =>
  effectiveStatus(invitation, now) === 'pending';

/**
 * How long a link works: a `reset` link (a set-up member's sign-in set up again) as long as a password-reset link,
 * whatever the invitation lifetime the deployment chose; every other link `invitationTtlSeconds`.
 */
export const linkTtlSeconds = (kind: Invitation['kind'], invitationTtlSeconds: number): number =>
  kind === 'reset' ? RESET_LINK_TTL_SECONDS : invitationTtlSeconds;

/** What the caller decides about a new link; its token, status, times and delivery are drawn here. */
type NewLink = Pick<Invitation, 'id' | 'accountId' | 'email' | 'role' | 'kind' | 'userId' | 'message' | 'invitedBy'>;
type NewLinkInput = NewLink &
  Pick<Invitation, 'placement' | 'sessionsValidAfter'> & {
    now: Date /** the invitation lifetime */;
    ttlSeconds: number;
  };

/** A new link: the invitation to store and the token that goes only into the mail. */
export function newInvitation(input: NewLinkInput): { invitation: Invitation; token: string } {
  const { token, hash } = newLinkToken();
  const expiresAt = addSeconds(input.now, linkTtlSeconds(input.kind, input.ttlSeconds));
  return {
    token,
    invitation: {
      id: input.id,
      accountId: input.accountId,
      email: input.email,
      role: input.role,
      kind: input.kind,
      userId: input.userId,
      message: input.message,
      status: 'pending',
      tokenHash: hash,
      invitedBy: input.invitedBy,
      createdAt: input.now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      purgeAt: addSeconds(expiresAt, INVITATION_RETENTION_SECONDS).toISOString(),
      delivery: 'pending',
      resendCount: 0,
      resentAt: null,
      recentResends: [],
      placement: input.placement,
      ...(input.sessionsValidAfter !== undefined ? { sessionsValidAfter: input.sessionsValidAfter } : {}),
    },
  };
}

/**
 * Resending: a new token (the old link answers 410), the expiry restarts, at most RESENDS_PER_DAY in any 24 hours.
 * Accepted and revoked invitations are final (409); an expired one comes back to life.
 */
export function resent(
  invitation: Invitation,
  now: Date,
  ttlSeconds: number,
): { invitation: Invitation; token: string } {
  if (invitation.status === 'accepted' || invitation.status === 'revoked') {
    throw new ConflictError(`This invitation was ${invitation.status}; it cannot be sent again`);
  }
  const windowStart = now.getTime() - DAY_SECONDS * 1000;
  const recent = invitation.recentResends.filter((at) => Date.parse(at) > windowStart).sort();
  if (recent.length >= RESENDS_PER_DAY) {
    const retryAfter = Math.max(1, Math.ceil((Date.parse(recent[0]) + DAY_SECONDS * 1000 - now.getTime()) / 1000));
    throw new RateLimitedError(retryAfter, `An invitation can be sent again at most ${RESENDS_PER_DAY} times a day`);
  }
  const { token, hash } = newLinkToken();
  const expiresAt = addSeconds(now, linkTtlSeconds(invitation.kind, ttlSeconds));
  return {
    token,
    invitation: {
      ...invitation,
      status: 'pending',
      tokenHash: hash,
      expiresAt: expiresAt.toISOString(),
      purgeAt: addSeconds(expiresAt, INVITATION_RETENTION_SECONDS).toISOString(),
      delivery: 'pending',
      resendCount: invitation.resendCount + 1,
      resentAt: now.toISOString(),
      recentResends: [...recent, now.toISOString()],
    },
  };
}

/**
 * A link the request mails right after the transaction that stores it (creating a member or an account, inviting by
 * email): stored as `sent` already, so a mail SES takes costs no write of its own, and only a refused one is recorded,
 * as `failed` (one UpdateItem). `pending` stays for links whose mail is recorded later (a bulk import's).
 */
export const mailedAfterCommit = <L extends { invitation: Invitation }>(link: L): L => ({
  ...link,
  invitation: { ...link.invitation, delivery: 'sent' },
});

/** Revoking: pending (or expired) links only; revoking twice changes nothing; an accepted invitation is final. */
export function revoked(invitation: Invitation): Invitation | null {
  if (invitation.status === 'revoked') return null;
  if (invitation.status === 'accepted')
    throw new ConflictError('This invitation was accepted; remove the member instead');
  return { ...invitation, status: 'revoked' };
}

/** The UTC day an invitation counts against, and the seconds until the next one (Retry-After past the limit). */
export function quotaDay(now: Date): { day: string; secondsLeft: number; endsAt: Date } {
  const day = now.toISOString().slice(0, 10);
  const endsAt = new Date(`${day}T00:00:00.000Z`);
  endsAt.setUTCDate(endsAt.getUTCDate() + 1);
  return { day, secondsLeft: Math.max(1, Math.ceil((endsAt.getTime() - now.getTime()) / 1000)), endsAt };
}

export function assertWithinDailyLimit(usedToday: number, wanted: number, now: Date): void {
  if (wanted > 0 && usedToday + wanted > DAILY_INVITATION_LIMIT) {
    throw new RateLimitedError(
      quotaDay(now).secondsLeft,
      `An account may send ${DAILY_INVITATION_LIMIT} new invitations a day; ${Math.max(0, DAILY_INVITATION_LIMIT - usedToday)} left today`,
    );
  }
}

/** Usernames for a member created by accepting an invitation: the email's local part, then suffixed on collision. */
export function usernameCandidate(base: string, attempt: number): string {
  if (attempt === 0) return base;
  return `${base.slice(0, 15)}-${randomBytes(3).toString('hex').slice(0, 4)}`;
}
