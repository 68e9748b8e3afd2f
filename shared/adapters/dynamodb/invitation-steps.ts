/** Items and transaction steps shared by the invitation adapters (bulk writes, resend/revoke, acceptance, cleanup). */
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import type { Invitation } from '#domain/invitation.ts';
import type { EmailHolder } from '#ports/invitations.ts';
import { tableDefinition } from '#config/table.ts';
import { ddb } from './client.ts';
import { invitationItem, type Item } from './items.ts';
import { keys } from './keys.ts';
import { del, put } from './transact.ts';
import { epochSeconds } from '#domain/clock.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
const TTL = tableDefinition.ttlAttribute;
export const epochOf = (iso: string | Date): number => epochSeconds(typeof iso === 'string' ? new Date(iso) : iso);
export { MAX_TRANSACTION_ITEMS } from './transact.ts';

/** The email claim held by a pending invitation: free again once its link expired (the condition below says so). */
export const invitationHoldItem = (i: Invitation): Item => ({
  ...keys.memberEmail(i.accountId, i.email),
  entity: 'EmailClaim',
  invitationId: i.id,
  claimExpiresAt: epochOf(i.expiresAt),
  [TTL]: epochOf(i.purgeAt),
});

/** Free, or held by an invitation whose link has expired. */
export const CLAIM_FREE = 'attribute_not_exists(PK) OR (attribute_not_exists(userId) AND claimExpiresAt <= :now)';

/** Takes the email for a new invitation; the old item comes back on failure, to tell member from invitation. */
export function holdEmail(i: Invitation, now: Date): TransactItem {
  const step = put(invitationHoldItem(i), CLAIM_FREE, { ':now': epochOf(now) });
  return { Put: { ...step.Put!, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } };
}

/** Releases an invitation's hold on its email, only if it is still that invitation's. */
export const releaseHold = (i: Invitation): TransactItem =>
  del(keys.memberEmail(i.accountId, i.email), 'invitationId = :id AND attribute_not_exists(userId)', { ':id': i.id });

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

export type TransactOutcome = { ok: true; writeUnits: number } | { ok: false; reasons: CancellationReason[] };

/** One TransactWriteItems; a cancellation is returned with its per-item reasons instead of thrown. */
export async function transactWithReasons(items: TransactItem[]): Promise<TransactOutcome> {
  try {
    const out = await ddb.send(new TransactWriteCommand({ TransactItems: items, ReturnConsumedCapacity: 'TOTAL' }));
    return { ok: true, writeUnits: (out.ConsumedCapacity ?? []).reduce((n, c) => n + (c.CapacityUnits ?? 0), 0) };
  } catch (error) {
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    return { ok: false, reasons: (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [] };
  }
}
