import type { Membership } from './identity.ts';
import type { Actor } from './invitation.ts';

export interface AuditEvent {
  id: string;
  accountId: string;
  type: string;
  at: string;
  actor: Actor;
  target: { userId?: string; invitationId?: string };
  details: Record<string, unknown>;
  /**
   * The unit path of what the event is about when it happened (a member's unit, a unit): admins read the events of
   * their scope by it. Account-level events have none.
   */
  unitPath?: string;
}

export const AUDIT_RETENTION_SECONDS = 400 * 24 * 3600;

/** An event as a use case describes it; the id is drawn when it is built, `details` default to none. */
export type NewAuditEvent = Omit<AuditEvent, 'id' | 'details'> & { details?: AuditEvent['details'] };

/** Where event ids come from (the id generator). */
export interface EventIds {
  next(): string;
}

export function auditEvent(ids: EventIds, e: NewAuditEvent): AuditEvent {
  return { id: ids.next(), details: {}, ...e };
}

/**
 * Something that happened to a person rather than to one membership (password, MFA, sign-in) is recorded in every
 * account the person is a member of, as an event about their user there. `actor: 'self'` makes each event's actor
 * that same user.
 */
export function eventsPerMembership(
  ids: EventIds,
  memberships: Membership[],
  e: { type: string; at: string; actor: Actor | 'self'; details?: AuditEvent['details'] },
): AuditEvent[] {
  return memberships.map((m) =>
    auditEvent(ids, {
      accountId: m.accountId,
      type: e.type,
      at: e.at,
      actor: e.actor === 'self' ? { kind: 'user', userId: m.userId } : e.actor,
      target: { userId: m.userId },
      details: e.details,
    }),
  );
}
