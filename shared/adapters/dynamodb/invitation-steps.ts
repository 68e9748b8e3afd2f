/** Transaction steps shared by the invitation adapters (bulk writes, resend/revoke, acceptance, cleanup). */
import type { Invitation } from '#domain/invitation.ts';
import type { EmailHolder } from '#ports/invitations.ts';
import { invitationHoldItem, invitationItem } from './entities/invitation.ts';
import { memberEmailKey } from './entities/user.ts';
import { del, put, type TransactItem } from './transact.ts';
import { epochSeconds } from '#domain/clock.ts';

export const epochOf = (iso: string | Date): number => epochSeconds(typeof iso === 'string' ? new Date(iso) : iso);

/** Free, or held by an invitation whose link has expired. */
export const CLAIM_FREE = 'attribute_not_exists(PK) OR (attribute_not_exists(userId) AND claimExpiresAt <= :now)';

/** Takes the email for a new invitation; the old item comes back on failure, to tell member from invitation. */
export function holdEmail(i: Invitation, now: Date): TransactItem {
  const step = put(invitationHoldItem(i), CLAIM_FREE, { ':now': epochOf(now) });
  return { Put: { ...step.Put!, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } };
}

/** Releases an invitation's hold on its email, only if it is still that invitation's. */
export const releaseHold = (i: Invitation): TransactItem =>
  del(memberEmailKey(i.accountId, i.email), 'invitationId = :id AND attribute_not_exists(userId)', { ':id': i.id });

/** Replaces the stored invitation, only if it is still the version `previous` was read as. */
export function replaceInvitation(previous: Invitation, next: Invitation): TransactItem {
  return put(
    invitationItem(next),
    'attribute_exists(PK) AND tokenHash = :prevHash AND #status = :prevStatus',
    { ':prevHash': previous.tokenHash, ':prevStatus': previous.status },
    { '#status': 'status' },
  );
}

export function holderOf(item: Record<string, unknown> | undefined): EmailHolder | null {
  if (!item) return null;
  const value = (v: unknown): unknown =>
    v && typeof v === 'object' && ('S' in v || 'N' in v)
      ? ((v as { S?: string; N?: string }).S ?? Number((v as { N: string }).N))
      : v;
  const userId = value(item.userId);
  if (typeof userId === 'string') return { kind: 'member', userId };
  const invitationId = value(item.invitationId);
  const claimExpiresAt = Number(value(item.claimExpiresAt));
  if (typeof invitationId === 'string')
    return {
      kind: 'invitation',
      invitationId,
      expiresAt: new Date((Number.isFinite(claimExpiresAt) ? claimExpiresAt : 0) * 1000).toISOString(),
    };
  return null;
}
