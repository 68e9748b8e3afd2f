import type { Clock } from '#domain/clock.ts';
import type { IdGenerator } from '#ports/ids.ts';
import type { CleanupReport, InvitationCleanupStore } from '#ports/invitations.ts';
import { auditEvent } from '#domain/audit.ts';

/** Invitations one run marks at most; the rest waits for the next run (hourly), oldest expiry first per shard. */
export const CLEANUP_BUDGET = 500;

/**
 * The scheduled cleanup: marks pending invitations whose link expired as `expired` (with an `invitation.expired`
 * event each) and frees the address they held, so it can be invited again. Readers never depended on it: expiry is
 * enforced at read time. Token lookups stay until the invitation's TTL purge, so an expired link answers 410.
 */
export async function cleanupInvitations(
  deps: { cleanup: InvitationCleanupStore; clock: Clock; ids: IdGenerator },
  budget = CLEANUP_BUDGET,
): Promise<CleanupReport> {
  const now = deps.clock.now();
  return deps.cleanup.expireDue(now, budget, (invitation) =>
    auditEvent(deps.ids, {
      accountId: invitation.accountId,
      type: 'invitation.expired',
      at: now.toISOString(),
      actor: { kind: 'system' },
      target: { invitationId: invitation.id, ...(invitation.userId ? { userId: invitation.userId } : {}) },
      details: { email: invitation.email, expiresAt: invitation.expiresAt },
    }),
  );
}
