/**
 * Bulk invite: every check in one BatchGetItem per 100 keys (account, inviter, today's quota, one email claim per
 * address), then the writes in as few TransactWriteItems as fit 100 items: per invitation its record, its token
 * lookup and its email claim (conditional: the uniqueness guarantee), plus one audit event per transaction, and
 * in the first transaction the race-safe daily quota reservation for the whole batch.
 */
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import type { Invitation } from '#domain/invitation.ts';
import type {
  CreateInvitationsInput,
  CreateInvitationsResult,
  EmailHolder,
  InviteChecks,
  RefusalReason,
} from '#ports/invitations.ts';
import { accountKey, fromAccountItem } from './entities/account.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { invitationItem, invitationQuotaKey, linkTokenItem } from './entities/invitation.ts';
import { fromUserItem, memberEmailKey, userKey } from './entities/user.ts';
import { batchGet } from './batch-get.ts';
import { quotaExceeded, quotaStep } from './invitation-quota.ts';
import { holderOf, holdEmail } from './invitation-steps.ts';
import { INVITATION_CHUNK, again, done, retrying } from './retry.ts';
import { MAX_TRANSACTION_ITEMS, put, transactWrite } from './transact.ts';

const ITEMS_PER_INVITATION = 3;
const sameKey = (a: Record<string, unknown>, b: { PK: string; SK: string }) => a.PK === b.PK && a.SK === b.SK;

export async function inviteChecks(
  accountId: string,
  inviterUserId: string,
  emails: string[],
  day: string,
): Promise<InviteChecks> {
  const ofAccount = accountKey(accountId);
  const inviterKey = userKey(accountId, inviterUserId);
  const quotaKey = invitationQuotaKey(accountId, day);
  const emailBySk = new Map(emails.map((e) => [memberEmailKey(accountId, e).SK, e]));
  const items = await batchGet([ofAccount, inviterKey, quotaKey, ...emails.map((e) => memberEmailKey(accountId, e))]);
  const holders = new Map<string, EmailHolder>();
  let account = null;
  let inviter = null;
  let usedToday = 0;
  for (const item of items) {
    if (sameKey(item, ofAccount)) account = fromAccountItem(item);
    else if (sameKey(item, inviterKey)) inviter = fromUserItem(item);
    else if (sameKey(item, quotaKey)) usedToday = Number(item.count ?? 0);
    else {
      const holder = holderOf(item);
      if (holder) holders.set(emailBySk.get(String(item.SK))!, holder);
    }
  }
  return { account, inviter, usedToday, holders };
}

/** First transaction: quota + event + 32 invitations (98 items); the others: event + 33 invitations (100 items). */
function chunk(invitations: Invitation[]): Invitation[][] {
  const chunks: Invitation[][] = [];
  let size = Math.floor((MAX_TRANSACTION_ITEMS - 2) / ITEMS_PER_INVITATION);
  for (
    let i = 0;
    i < invitations.length;
    i += size, size = Math.floor((MAX_TRANSACTION_ITEMS - 1) / ITEMS_PER_INVITATION)
  ) {
    chunks.push(invitations.slice(i, i + size));
  }
  return chunks.length ? chunks : [[]];
}

/**
 * Writes one chunk; an email claimed meanwhile (the condition on its claim failed) is refused with the reason its
 * current holder gives, and the chunk is written again without it.
 */
async function writeChunk(
  input: CreateInvitationsInput,
  invitations: Invitation[],
  now: Date,
  reserve: number | null,
): Promise<{ created: Invitation[]; refused: CreateInvitationsResult['refused'] }> {
  let pending = invitations;
  const refused: CreateInvitationsResult['refused'] = [];
  return retrying(
    INVITATION_CHUNK,
    async () => {
      const reserving = reserve !== null && reserve - refused.length > 0;
      const leading = reserving ? [quotaStep(invitations[0].accountId, input.quota, reserve - refused.length)] : [];
      // an emptied first chunk still reserves the quota of the chunks after it
      if (pending.length === 0 && !reserving) return done({ created: [], refused });
      const items = [
        ...leading,
        ...(pending.length ? [put(auditEventItem(input.eventFor(pending)))] : []),
        ...pending.flatMap((i) => [
          put(invitationItem(i), 'attribute_not_exists(PK)'),
          put(linkTokenItem(i), 'attribute_not_exists(PK)'),
          holdEmail(i, now),
        ]),
      ];
      const outcome = await transactWrite(items);
      if (outcome.ok) return done({ created: pending, refused });
      const offset = leading.length + (pending.length ? 1 : 0);
      const reasons: (CancellationReason | undefined)[] = outcome.reasons;
      if (leading.length && reasons[0]?.Code === 'ConditionalCheckFailed') {
        throw quotaExceeded(input.quota, now);
      }
      const lost = new Map<string, RefusalReason>();
      pending.forEach((invitation, n) => {
        const claim = reasons[offset + n * ITEMS_PER_INVITATION + 2];
        if (claim?.Code === 'ConditionalCheckFailed') {
          lost.set(
            invitation.id,
            holderOf(claim.Item as Record<string, unknown> | undefined)?.kind === 'member'
              ? 'already_member'
              : 'already_invited',
          );
        }
      });
      const conflicted = reasons.some((r) => r?.Code === 'TransactionConflict');
      if (lost.size === 0 && !conflicted)
        throw Object.assign(
          new Error(`invitation write cancelled: ${reasons.map((r) => r?.Code ?? 'None').join(',')}`),
          { name: 'TransactionCanceledException' },
        );
      for (const invitation of pending)
        if (lost.has(invitation.id)) refused.push({ email: invitation.email, reason: lost.get(invitation.id)! });
      pending = pending.filter((i) => !lost.has(i.id));
      // written again without the lost emails at once; after a conflict, after a short wait
      return again(outcome.error, conflicted);
    },
    () => {
      throw Object.assign(new Error('invitation write kept conflicting'), { name: 'TransactionConflict' });
    },
  );
}

export async function createMany(input: CreateInvitationsInput, now: Date): Promise<CreateInvitationsResult> {
  if (input.invitations.length === 0) return { created: [], refused: [], failure: null };
  const [first, ...rest] = chunk(input.invitations);
  // the first transaction reserves the whole batch against the daily limit: past it nothing is written
  const head = await writeChunk(input, first, now, input.invitations.length);
  const created = [...head.created];
  const refused = [...head.refused];
  let failure: unknown = null;
  const others = await Promise.allSettled(rest.map((c) => writeChunk(input, c, now, null)));
  for (const result of others) {
    if (result.status === 'fulfilled') {
      created.push(...result.value.created);
      refused.push(...result.value.refused);
    } else {
      failure ??= result.reason;
    }
  }
  return { created, refused, failure };
}
