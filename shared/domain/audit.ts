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
