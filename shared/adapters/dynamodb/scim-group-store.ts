/**
 * SCIM's side of the group store (entities/group.ts): the externalId claim, the claim lookups, the account's groups
 * with an exact total, a group's whole member list, and member changes in bulk, chunked into transactions of at most
 * 100 items that each move the group's memberCount by exactly what they apply.
 */
import { GetCommand } from './document.ts';
import type { AuditEvent } from '#domain/audit.ts';
import {
  ConflictError,
  GroupExternalIdTakenError,
  GroupNameTakenError,
  MemberClosedError,
  NotFoundError,
  PreconditionFailedError,
} from '#domain/errors.ts';
import { type Group, type GroupMembership, groupNameKey } from '#domain/group.ts';
import type { GroupChange, GroupRecordWrite, ScimGroupStore } from '#ports/scim-groups.ts';
import { batchGet } from './batch-get.ts';
import { ddb, tableName } from './client.ts';
import type { Key } from './entity.ts';
import { auditEventItem } from './entities/audit-event.ts';
import {
  fromGroupItem,
  fromGroupMembershipItem,
  groupExternalIdClaimItem,
  groupExternalIdClaimKey,
  groupItem,
  groupKey,
  groupMembers,
  groupMembershipItem,
  groupMembershipKey,
  groupNameClaimItem,
  groupNameClaimKey,
  groupsByName,
} from './entities/group.ts';
import { userKey } from './entities/user.ts';
import { queryAll, queryInput } from './query.ts';
import { again, done, retrying, type RetryPolicy } from './retry.ts';
import { check, del, MAX_TRANSACTION_ITEMS, put, type TransactItem, transactWrite, update } from './transact.ts';

/**
 * Many changes of one group's members at once all write its count, so their transactions conflict: judged again with
 * jittered, growing waits (as the group store's own member writes), and at once after dropping members a chunk
 * found already applied.
 */
const GROUP_CHUNK: RetryPolicy = { attempts: 12, backoffMs: (n) => Math.random() * Math.min(500, 20 * 2 ** n) };

/** One member's part of a chunk: its items, and what a failed condition on each of them means. */
interface MemberUnit {
  userId: string;
  kind: 'add' | 'remove';
  items: TransactItem[];
}
/** What a failed condition on an item of the record means: an error to throw. */
interface RecordStep {
  item: TransactItem;
  onConditionFailed?: () => Error;
}

const addUnit = (membership: GroupMembership, event: AuditEvent): MemberUnit => ({
  userId: membership.userId,
  kind: 'add',
  items: [
    put(groupMembershipItem(membership), 'attribute_not_exists(PK)'),
    // a member closed meanwhile joins nothing (closing ends their memberships)
    check(
      userKey(membership.accountId, membership.userId),
      'attribute_exists(PK) AND #s <> :closed',
      { ':closed': 'closed' },
      { '#s': 'status' },
    ),
    put(auditEventItem(event)),
  ],
});

const removeUnit = (accountId: string, groupId: string, userId: string, event: AuditEvent): MemberUnit => ({
  userId,
  kind: 'remove',
  items: [del(groupMembershipKey(accountId, groupId, userId), 'attribute_exists(PK)'), put(auditEventItem(event))],
});

/** The new group, its claims and its event; its memberCount is what the first chunk adds. */
function createSteps(group: Group, event: AuditEvent, added: number): RecordStep[] {
  return [
    {
      item: put(groupItem({ ...group, memberCount: added }), 'attribute_not_exists(PK)'),
      onConditionFailed: () => new ConflictError('A group with this id exists'),
    },
    {
      item: put(groupNameClaimItem(group), 'attribute_not_exists(PK)'),
      onConditionFailed: () => new GroupNameTakenError(),
    },
    ...(group.externalId
      ? [
          {
            item: put(
              groupExternalIdClaimItem(group.accountId, group.externalId, group.id),
              'attribute_not_exists(PK)',
            ),
            onConditionFailed: () => new GroupExternalIdTakenError(),
          },
        ]
      : []),
    { item: put(auditEventItem(event)) },
  ];
}

/** The group's fields (not its counts) if the version holds, the count moved by `delta`, the claims moved. */
function updateSteps(group: Group, previous: Group, event: AuditEvent, delta: number): RecordStep[] {
  const { PK: _pk, SK: _sk, ...fields } = groupItem(group);
  const { memberCount: _m, sharedItemCount: _s, accountId: _a, id: _i, createdAt: _c, entity: _e, ...set } = fields;
  const entries = Object.entries(set);
  const { accountId, id } = group;
  const renamed = groupNameKey(previous.name) !== groupNameKey(group.name);
  const externalIdChanged = (previous.externalId ?? null) !== (group.externalId ?? null);
  const expression =
    `SET ${entries.map((_, i) => `#f${i} = :f${i}`).join(', ')} ADD memberCount :delta` +
    (group.externalId ? '' : ' REMOVE externalId');
  const ownedBy = (claim: Key): RecordStep => ({
    item: del(claim, 'groupId = :g', { ':g': id }),
    onConditionFailed: () => new PreconditionFailedError(),
  });
  return [
    {
      item: update(
        groupKey(accountId, id),
        expression,
        'attribute_exists(PK) AND #version = :expected',
        {
          ...Object.fromEntries(entries.map(([, v], i) => [`:f${i}`, v])),
          ':expected': previous.version,
          ':delta': delta,
        },
        { ...Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])), '#version': 'version' },
      ),
      onConditionFailed: () => new PreconditionFailedError(),
    },
    ...(renamed
      ? [
          ownedBy(groupNameClaimKey(accountId, previous.name)),
          {
            item: put(groupNameClaimItem(group), 'attribute_not_exists(PK)'),
            onConditionFailed: () => new GroupNameTakenError(),
          },
        ]
      : []),
    ...(externalIdChanged && previous.externalId
      ? [ownedBy(groupExternalIdClaimKey(accountId, previous.externalId))]
      : []),
    ...(externalIdChanged && group.externalId
      ? [
          {
            item: put(groupExternalIdClaimItem(accountId, group.externalId, id), 'attribute_not_exists(PK)'),
            onConditionFailed: () => new GroupExternalIdTakenError(),
          },
        ]
      : []),
    { item: put(auditEventItem(event)) },
  ];
}

/** A later chunk's only item on the group: its count moved, on the condition that it still exists. */
const countStep = (accountId: string, groupId: string, delta: number): RecordStep => ({
  item: update(groupKey(accountId, groupId), 'ADD memberCount :delta', 'attribute_exists(PK)', { ':delta': delta }),
  onConditionFailed: () => new NotFoundError('No such group in this account'),
});

const delta = (units: MemberUnit[]) => units.reduce((n, u) => n + (u.kind === 'add' ? 1 : -1), 0);

function groupSteps(change: GroupChange, record: GroupRecordWrite | undefined, units: MemberUnit[]): RecordStep[] {
  if (record?.kind === 'create') return createSteps(record.group, record.event, delta(units));
  if (record?.kind === 'update') return updateSteps(record.group, record.previous, record.event, delta(units));
  return [countStep(change.accountId, change.groupId, delta(units))];
}

/** The room the record's items leave in the first transaction (the count step alone in the others). */
const recordSize = (record: GroupRecordWrite | undefined): number =>
  record ? groupSteps({ accountId: '', groupId: '', add: [], remove: [] }, record, []).length : 1;

/** Members packed into chunks that fit one transaction beside the group's items. */
function chunksOf(units: MemberUnit[], firstRoom: number, room: number): MemberUnit[][] {
  const chunks: MemberUnit[][] = [[]];
  let left = firstRoom;
  for (const unit of units) {
    if (unit.items.length > left) {
      chunks.push([]);
      left = room;
    }
    chunks[chunks.length - 1].push(unit);
    left -= unit.items.length;
  }
  return chunks;
}

/**
 * One chunk, written until it holds: members whose membership condition failed (already in, already out) are dropped
 * and the rest written again at once; conflicts wait and try again. Returns the members it applied.
 */
async function writeChunk(change: GroupChange, record: GroupRecordWrite | undefined, chunk: MemberUnit[]) {
  let units = chunk;
  return retrying<MemberUnit[]>(
    GROUP_CHUNK,
    async () => {
      if (!record && units.length === 0) return done([]);
      const steps = groupSteps(change, record, units);
      const owners: ({ step: RecordStep } | { unit: MemberUnit; index: number })[] = [
        ...steps.map((step) => ({ step })),
        ...units.flatMap((unit) => unit.items.map((_, index) => ({ unit, index }))),
      ];
      const outcome = await transactWrite([...steps.map((s) => s.item), ...units.flatMap((u) => u.items)]);
      if (outcome.ok) return done(units);
      const applied = new Set<MemberUnit>();
      for (const [i, reason] of outcome.reasons.entries()) {
        if (reason?.Code !== 'ConditionalCheckFailed') continue;
        const owner = owners[i];
        if ('step' in owner) throw owner.step.onConditionFailed?.() ?? outcome.error;
        if (owner.index === 1 && owner.unit.kind === 'add')
          throw new MemberClosedError(`Member ${owner.unit.userId} is closed or gone`);
        applied.add(owner.unit);
      }
      if (applied.size) {
        units = units.filter((u) => !applied.has(u));
        return again(outcome.error, false);
      }
      if (!outcome.reasons.some((r) => r?.Code === 'TransactionConflict')) throw outcome.error;
      return again(outcome.error);
    },
    (cause) => {
      throw new ConflictError('A concurrent change touched the same group; try again', { cause });
    },
  );
}

/** DynamoDB's limit on a sort key, in UTF-8 bytes: a longer one is a ValidationException, not a miss. */
const MAX_SORT_KEY_BYTES = 1024;

/** The item at a key, read consistently; a key longer than DynamoDB allows holds nothing (no read). */
async function getConsistent(key: Key) {
  if (Buffer.byteLength(String(key.SK), 'utf8') > MAX_SORT_KEY_BYTES) return undefined;
  return (await ddb.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
}

/** Every item of a Query, page by page (`page` builds the input of the page that starts at `start`). */
export const scimGroupStore: ScimGroupStore = {
  async write(change) {
    const units = [
      ...change.add.map((a) => addUnit(a.membership, a.event)),
      ...change.remove.map((r) => removeUnit(change.accountId, change.groupId, r.userId, r.event)),
    ];
    const room = MAX_TRANSACTION_ITEMS - 1;
    const chunks = chunksOf(units, MAX_TRANSACTION_ITEMS - recordSize(change.record), room);
    let added = 0;
    let removed = 0;
    for (const [i, chunk] of chunks.entries()) {
      // in order: the record (claims, version) goes first, so a refused rename or a taken externalId writes nothing
      const applied = await writeChunk(change, i === 0 ? change.record : undefined, chunk);
      for (const u of applied) u.kind === 'add' ? added++ : removed++;
    }
    return { added, removed };
  },

  async idByName(accountId, name) {
    const item = await getConsistent(groupNameClaimKey(accountId, name));
    return item ? String(item.groupId) : null;
  },

  async idByExternalId(accountId, externalId) {
    const item = await getConsistent(groupExternalIdClaimKey(accountId, externalId));
    return item ? String(item.groupId) : null;
  },

  async window(accountId, startIndex, count) {
    const items = await queryAll((start) => queryInput(groupsByName, [accountId], { start }));
    return { total: items.length, groups: items.slice(startIndex - 1, startIndex - 1 + count).map(fromGroupItem) };
  },

  async members(accountId, groupId) {
    const items = await queryAll((start) => queryInput(groupMembers, [accountId, groupId], { start }));
    return items.map(fromGroupMembershipItem);
  },

  async membersAmong(accountId, groupId, userIds) {
    if (userIds.length === 0) return [];
    const found = await batchGet(
      userIds.map((u) => groupMembershipKey(accountId, groupId, u)),
      { consistent: true, projection: ['userId'] },
    );
    return found.map((i) => String(i.userId));
  },
};
