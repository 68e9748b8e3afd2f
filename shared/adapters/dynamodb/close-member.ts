/**
 * THE hook for "everything attached to a member closes with them". Two parts:
 *
 * - contributors: steps that must ride in the closing transaction itself (the unit's member count, delegations);
 * - detachers: one per kind of item in the member's item collection (`USER#<userId>#<KIND>#…`, entities/user.ts
 *   memberItemCollection). Each maps one item to the conditional, idempotent steps that detach it, built by the
 *   entity's own store (the same steps as closing a service, unassigning a number, deleting a device) plus the
 *   kind's audit event. A new kind of attachment is one line in `detachers`.
 *
 * Closing (lifecycle-store.ts) runs phase 1, one transaction: the member closed and as many detach steps as fit
 * in DynamoDB's 100 items; if any attachment is left, the closed user item carries the `detachPending` marker (and
 * its pendingCloses index entry) in that same transaction. Phase 2, `finishDetaching`, follows in the same request:
 * it pages through the collection and detaches in transactions of at most 100 items (in parallel per page); a batch
 * cancelled by a failed condition (someone detached or changed an item meanwhile) is retried item by item, skipping
 * what is gone, and the collection is read again until nothing attached is left; then the marker goes. Interrupted
 * (a timeout, an error), a DELETE of the closed member or the scheduled cleanup resumes it: every step is
 * conditional, so a re-run converges on the same state.
 */
import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand } from './document.ts';
import type { AuditEvent } from '#domain/audit.ts';
import { closedService } from '#domain/service.ts';
import type { Actor } from '#domain/invitation.ts';
import type { User } from '#domain/user.ts';
import { revokeApiKeysSteps } from './api-key-store.ts';
import { ddb, tableName } from './client.ts';
import { endDelegationsSteps } from './delegation-store.ts';
import { deleteDeviceSteps } from './device-store.ts';
import { fromApiKeyItem } from './entities/api-key.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { fromDeviceItem } from './entities/device.ts';
import { fromGroupMembershipItem } from './entities/group.ts';
import { fromNumberItem } from './entities/phone-number.ts';
import { fromServiceItem } from './entities/service.ts';
import { memberItemCollection, pendingCloses, userKey } from './entities/user.ts';
import { KEY_ATTRIBUTES, type Item } from './entity.ts';
import { removeMemberSteps } from './group-store.ts';
import { leaveUnitStep } from './member-placement.ts';
import { numberUpdateSteps } from './number-store.ts';
import { queryInput } from './query.ts';
import { TRANSACTION_CONFLICT } from './retry.ts';
import { serviceChangeStep } from './service-store.ts';
import { ignoreConditionFailed, MAX_TRANSACTION_ITEMS, put, transactWrite, type Step } from './transact.ts';

/** Steps that ride in the closing transaction itself, and whether more of their kind are left for phase 2. */
export type CloseMemberContributor = (member: User, at: string) => Promise<{ steps: Step[]; more?: boolean }>;

const contributors: CloseMemberContributor[] = [
  // the member leaves their unit (its member count, which deleting a unit checks)
  async (member) => ({ steps: member.unitId ? [leaveUnitStep(member.accountId, member.unitId)] : [] }),
  // their delegations, both ways: the first ones here, any beyond in phase 2 (`delegationsLeft`)
  async (member) => {
    const { groups, more } = await endDelegationsSteps(member.accountId, member.id);
    return { steps: groups.flat(), more };
  },
];

export async function closeMemberSteps(member: User, at: string): Promise<{ steps: Step[]; more: boolean }> {
  const parts = await Promise.all(contributors.map((contribute) => contribute(member, at)));
  return { steps: parts.flatMap((p) => p.steps), more: parts.some((p) => p.more) };
}

/** Delegations per direction and round in phase 2: 25 each way, two deletes each, fill one transaction. */
const DELEGATIONS_PER_ROUND = 25;

/**
 * Phase 2's part for delegations (records outside the member's collection): rounds of both directions' first
 * delegations, deleted, until none is left. Returns how many could not go (a conflict that outlasted its retries).
 */
async function delegationsLeft(member: User): Promise<number> {
  for (;;) {
    const { groups, more } = await endDelegationsSteps(member.accountId, member.id, DELEGATIONS_PER_ROUND);
    if (groups.length === 0) return 0;
    const missed = (await Promise.all(pack(groups).map(runBatch))).reduce((a, b) => a + b, 0);
    if (missed > 0) return missed;
    if (!more) return 0;
  }
}

/** Who detaches and when: the closing manager (or the scheduled job resuming), the close's time, fresh event ids. */
export interface DetachContext {
  member: User;
  at: string;
  actor: Actor;
  eventId: () => string;
}

/** The steps that detach one item of the member's collection (none when it is already detached, e.g. a closed service). */
export type Detacher = (item: Item, ctx: DetachContext) => Step[];

const detachEvent = (ctx: DetachContext, type: string, details: Record<string, unknown>): AuditEvent => ({
  id: ctx.eventId(),
  accountId: ctx.member.accountId,
  type,
  at: ctx.at,
  actor: ctx.actor,
  target: { userId: ctx.member.id },
  unitPath: ctx.member.unitPath,
  details: { ...details, memberClosed: true },
});

/** KIND (the segment of the sort key after the member's prefix) → its detacher. */
export const detachers: Record<string, Detacher> = {
  // the service closes (PIN and link dropped), as DELETE …/services/{s} closes it
  SERVICE: (item, ctx) => {
    const service = fromServiceItem(item);
    if (service.status === 'closed') return [];
    return [
      serviceChangeStep(closedService(service, ctx.at), service.version),
      { item: put(auditEventItem(detachEvent(ctx, 'service.closed', { type: service.type }))) },
    ];
  },
  // the number stays in the account, assigned to nobody (the copy here is at the number's version)
  NUMBER: (item, ctx) => {
    const number = fromNumberItem(item);
    const next = { ...number, assignment: null, updatedAt: ctx.at, version: number.version + 1 };
    const event = detachEvent(ctx, 'number.unassigned', { numberId: number.id, e164: number.e164 });
    return numberUpdateSteps(next, number.version, [event], ctx.member.id);
  },
  // the member leaves the group; its memberCount goes down by one in the same transaction
  GROUP: (item, ctx) => {
    const { groupId } = fromGroupMembershipItem(item);
    const event = detachEvent(ctx, 'group.member_removed', { groupId });
    return removeMemberSteps(ctx.member.accountId, groupId, ctx.member.id, event);
  },
  // the phone goes, its extension and MAC address are free again
  DEVICE: (item, ctx) => {
    const device = fromDeviceItem(item);
    const event = detachEvent(ctx, 'device.deleted', {
      deviceId: device.id,
      extension: device.extension,
      macAddress: device.macAddress,
    });
    return deleteDeviceSteps(device, event);
  },
};

/**
 * Kinds whose items share an item they all change (a counter): detached together, as ONE group, since a transaction
 * may touch an item only once. KIND → the steps for all of the page's items of that kind.
 */
export const collectiveDetachers: Record<string, (items: Item[], ctx: DetachContext) => Step[]> = {
  // a system user's API keys are revoked; the member's live-key count goes down by as many, exactly
  APIKEY: (items, ctx) => {
    const keys = items.map(fromApiKeyItem);
    const events = keys.map((key) =>
      detachEvent(ctx, 'api_key.revoked', { keyId: key.id, name: key.name, prefix: key.prefix }),
    );
    return revokeApiKeysSteps(keys, events);
  },
};

const kindOf = (item: Item, userId: string): string =>
  String(item.SK).slice(memberItemCollection.prefix(userId).length).split('#')[0];

/** The detach steps of each item of a page that still needs detaching (one group per item: they go together). */
export function detachGroups(items: Item[], ctx: DetachContext): Step[][] {
  const kind = (item: Item) => kindOf(item, ctx.member.id);
  const single = items
    .filter((item) => !collectiveDetachers[kind(item)])
    .map((item) => detachers[kind(item)]?.(item, ctx) ?? []);
  const collective = Object.entries(collectiveDetachers).map(([k, detach]) => {
    const mine = items.filter((item) => kind(item) === k);
    return mine.length ? detach(mine, ctx) : [];
  });
  return [...single, ...collective].filter((steps) => steps.length > 0);
}

/** Items per page of the collection while detaching (also the most a page's transactions can hold at 1 item each). */
export const DETACH_PAGE = 100;

export async function attachmentsPage(
  member: Pick<User, 'accountId' | 'id'>,
  start?: Item,
  limit = DETACH_PAGE,
): Promise<{ items: Item[]; next?: Item }> {
  const out = await ddb.send(
    new QueryCommand(
      queryInput(memberItemCollection, [member.accountId], {
        prefix: memberItemCollection.prefix(member.id),
        limit,
        start,
      }),
    ),
  );
  return { items: out.Items ?? [], next: out.LastEvaluatedKey };
}

/** Groups packed into batches of at most `room` items (a group is never split): one transaction each. */
export function pack(groups: Step[][], room = MAX_TRANSACTION_ITEMS): Step[][][] {
  const batches: Step[][][] = [];
  let current: Step[][] = [];
  let size = 0;
  for (const group of groups) {
    if (size + group.length > room && current.length) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(group);
    size += group.length;
  }
  if (current.length) batches.push(current);
  return batches;
}

/** One batch; cancelled (a condition failed, a conflict), each group alone. Returns how many groups did not go. */
async function runBatch(batch: Step[][]): Promise<number> {
  const outcome = await transactWrite(batch.flat().map((s) => s.item));
  if (outcome.ok) return 0;
  if (batch.length === 1) return runAlone(batch[0], outcome.reasons);
  const missed = await Promise.all(batch.map((group) => runBatch([group])));
  return missed.reduce((a, b) => a + b, 0);
}

/**
 * One item's steps alone: tried again while only transaction conflicts cancel it (a busy group's counter); a failed
 * condition means someone detached or changed it meanwhile: left for the next pass, which reads it afresh.
 */
async function runAlone(group: Step[], reasons: CancellationReason[]): Promise<number> {
  for (let attempt = 1; attempt <= TRANSACTION_CONFLICT.attempts; attempt++) {
    if (
      !reasons.some((r) => r?.Code === 'TransactionConflict') ||
      reasons.some((r) => r?.Code === 'ConditionalCheckFailed')
    )
      return 1;
    await new Promise((resolve) => setTimeout(resolve, TRANSACTION_CONFLICT.backoffMs(attempt)));
    const outcome = await transactWrite(group.map((s) => s.item));
    if (outcome.ok) return 0;
    reasons = outcome.reasons;
  }
  return 1;
}

/** Passes over the collection before giving up for now (the marker stays; a DELETE or the job resumes). */
const MAX_PASSES = 3;

/**
 * Phase 2: detaches everything still in the member's collection, then clears the marker. Returns whether it finished.
 * Errors other than a cancelled transaction propagate (the marker stays; a retry resumes).
 */
export async function finishDetaching(ctx: DetachContext): Promise<boolean> {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let missed = 0;
    let start: Item | undefined;
    do {
      const page = await attachmentsPage(ctx.member, start);
      const batches = pack(detachGroups(page.items, ctx));
      missed += (await Promise.all(batches.map(runBatch))).reduce((a, b) => a + b, 0);
      start = page.next;
    } while (start);
    missed += await delegationsLeft(ctx.member);
    if (missed === 0) {
      await clearDetachPending(ctx.member);
      return true;
    }
  }
  return false;
}

export async function clearDetachPending(member: Pick<User, 'accountId' | 'id'>): Promise<void> {
  await ddb
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: userKey(member.accountId, member.id),
        UpdateExpression: `REMOVE detachPending, ${KEY_ATTRIBUTES[pendingCloses.index].pk}, ${KEY_ATTRIBUTES[pendingCloses.index].sk}`,
        ConditionExpression: 'attribute_exists(detachPending)',
      }),
    )
    .catch(ignoreConditionFailed);
}
