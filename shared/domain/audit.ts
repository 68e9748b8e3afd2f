import type { Actor } from './invitation.ts';

export interface AuditEvent {
  id: string;
  accountId: string;
  type: string;
  at: string;
  actor: Actor;
  target: { userId?: string; invitationId?: string };
  details: Record<string, unknown>;
}

export const AUDIT_RETENTION_SECONDS = 400 * 24 * 3600;
