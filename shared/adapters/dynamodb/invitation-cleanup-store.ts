/**
 * The scheduled cleanup's reads and writes. It reads only GSI4, the sparse index of *pending* invitations by link
 * expiry: a Query per shard for keys at or before now returns exactly the invitations that expired and were not
 * yet marked, so its reads grow with them and not with the table. Marking one expired takes it out of GSI4 (the
 * index keys go with the pending status), which makes a second run find nothing: the job is idempotent.
 */
import { QueryCommand } from './document.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { Invitation } from '#domain/invitation.ts';
import type { CleanupReport, InvitationCleanupStore } from '#ports/invitations.ts';
import { ddb } from './client.ts';
import type { Item } from './entity.ts';
import { auditEventItem } from './entities/audit-event.ts';
import {
  INVITATION_EXPIRY_SHARDS,
  expiringInvitations,
  fromInvitationItem,
  invitationItem,
  timeBound,
} from './entities/invitation.ts';
import { releaseHold } from './invitation-steps.ts';
import { queryInput } from './query.ts';
import { CLEANUP_GROUP, again, done, retrying } from './retry.ts';
import { put, transactWrite } from './transact.ts';
import { epochSeconds } from '#domain/clock.ts';

/** Invitations per transaction: up to 3 items each (invitation, email hold, event). */
const PER_TRANSACTION = 25;

interface Candidate {
  invitation: Invitation;
  /** Release the email hold too (invitations by email only; dropped when the hold is no longer theirs). */
  release: boolean;
}

function stepsOf(c: Candidate, event: AuditEvent, nowSeconds: number) {
  const { invitation } = c;
  return [
    // The whole item is written from what this run read (the index copy), so only while it is still exactly that:
    // pending with the same link, expiry and delivery, and no acceptance holding its lease right now. Anything that
    // changed in between wins; the invitation stays in the index and the next run reads it afresh.
    put(
      invitationItem({ ...invitation, status: 'expired' }),
      '#s = :pending AND tokenHash = :h AND linkExpiresAt = :exp AND delivery = :d AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
      {
        ':pending': 'pending',
        ':h': invitation.tokenHash,
        ':exp': invitation.expiresAt,
        ':d': invitation.delivery,
        ':now': nowSeconds,
      },
      { '#s': 'status' },
    ),
    put(auditEventItem(event)),
    ...(c.release ? [releaseHold(invitation)] : []),
  ];
}

/** Marks a group expired in one transaction; candidates another writer changed first are dropped, not retried. */
async function expireGroup(
  group: Candidate[],
  eventFor: (i: Invitation) => AuditEvent,
  report: CleanupReport,
  nowSeconds: number,
): Promise<void> {
  let pending = group;
  await retrying(
    CLEANUP_GROUP,
    async () => {
      if (!pending.length) return done(undefined);
      const layout = pending.map((c) => ({ c, steps: stepsOf(c, eventFor(c.invitation), nowSeconds) }));
      report.transactions += 1;
      const outcome = await transactWrite(
        layout.flatMap((l) => l.steps),
        { capacity: true },
      );
      if (outcome.ok) {
        report.expired += pending.length;
        report.writeUnits += outcome.writeUnits;
        return done(undefined);
      }
      const next: Candidate[] = [];
      let offset = 0;
      for (const { c, steps } of layout) {
        const [own, , hold] = steps.map((_, n) => outcome.reasons[offset + n]?.Code);
        offset += steps.length;
        if (own === 'ConditionalCheckFailed') report.skipped += 1;
        else if (hold === 'ConditionalCheckFailed')
          next.push({ ...c, release: false }); // a member or a newer invitation has the email now
        else next.push(c);
      }
      pending = next;
      return again(outcome.error);
    },
    // what is still pending stays in the index: the next run reads it afresh
    () => undefined,
  );
}

export const invitationCleanupStore: InvitationCleanupStore = {
  async expireDue(now, budget, eventFor) {
    const report: CleanupReport = {
      expired: 0,
      skipped: 0,
      more: false,
      queries: 0,
      itemsRead: 0,
      readUnits: 0,
      writeUnits: 0,
      transactions: 0,
    };
    const candidates: Candidate[] = [];
    const upTo = timeBound(now.toISOString());
    for (let shard = 0; shard < INVITATION_EXPIRY_SHARDS && candidates.length < budget; shard++) {
      let start: Item | undefined;
      do {
        const out = await ddb.send(
          new QueryCommand(
            queryInput(expiringInvitations, [shard], {
              atMost: upTo,
              limit: budget - candidates.length,
              start,
              capacity: true,
            }),
          ),
        );
        report.queries += 1;
        report.readUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
        for (const item of out.Items ?? []) {
          const invitation = fromInvitationItem(item);
          candidates.push({ invitation, release: invitation.kind === 'invite' });
        }
        report.itemsRead += out.Items?.length ?? 0;
        start = out.LastEvaluatedKey;
      } while (start && candidates.length < budget);
      if (start) report.more = true;
    }
    if (candidates.length >= budget) report.more = true;
    const groups: Candidate[][] = [];
    for (let i = 0; i < candidates.length; i += PER_TRANSACTION) groups.push(candidates.slice(i, i + PER_TRANSACTION));
    // a few transactions at a time: the table's other traffic comes first
    for (let i = 0; i < groups.length; i += 4)
      await Promise.all(groups.slice(i, i + 4).map((g) => expireGroup(g, eventFor, report, epochSeconds(now))));
    return report;
  },
};
