import type { AuditEvent } from '#domain/audit.ts';
/** Groups, their name claims and memberships (entities/group.ts); every count moves in the change's transaction. */
import { GetCommand } from './document.ts';
import {
  ConflictError,
  GroupNameTakenError,
  GroupNotEmptyError,
  MemberClosedError,
  NotFoundError,
  PreconditionFailedError,
} from '#domain/errors.ts';
import type { GroupStore } from '#ports/groups.ts';
import { batchGet } from './batch-get.ts';
import { ddb, tableName } from './client.ts';
import type { Key } from './entity.ts';
import { auditEventItem } from './entities/audit-event.ts';
import {
  fromGroupItem,
  fromGroupMembershipItem,
  groupExternalIdClaimKey,
  groupItem,
  groupKey,
  groupMembers,
  groupMembershipItem,
  groupMembershipKey,
  groupNameClaimItem,
  groupNameClaimKey,
  groupsByName,
  membershipsOfMember,
  sharedItemCountUpdate,
} from './entities/group.ts';
import { userKey } from './entities/user.ts';
import { queryAll, queryInput } from './query.ts';
import { queryPage } from './query-page.ts';
import { again, done, retrying, type RetryPolicy } from './retry.ts';
import { check, del, put, transactWrite, update, type Step } from './transact.ts';
import { groupNameKey } from '#domain/group.ts';

/**
 * Many members joining one group at once all write its count: such transactions conflict with each other, so they
 * are judged again more patiently than other writes (jittered, growing waits), before a 409.
 */
const HOT_GROUP: RetryPolicy = {
  attempts: 10,
  backoffMs: (n) => Math.random() * Math.min(500, 20 * 2 ** n),
};

/**
 * `transact` with the group's patient policy, for every transaction that moves a group's counts (memberships here,
 * shares in the contact store): a failed condition is its step's error; conflicts are tried again.
 */
export async function transactOnGroup(steps: Step[]): Promise<void> {
  const items = steps.map((s) => s.item);
  await retrying(
    HOT_GROUP,
    async () => {
      const outcome = await transactWrite(items);
      if (outcome.ok) return done(undefined);
      for (let i = 0; i < outcome.reasons.length; i++)
        if (outcome.reasons[i]?.Code === 'ConditionalCheckFailed' && steps[i]?.onConditionFailed)
          throw steps[i].onConditionFailed!();
      if (!outcome.reasons.some((r) => r?.Code === 'TransactionConflict')) throw outcome.error;
      return again(outcome.error);
    },
    (cause) => {
      throw new ConflictError('A concurrent change touched the same records; try again', { cause });
    },
  );
}

/** The step that moves a group's shared-item count (for the stores that share numbers and contacts with groups). */
export function sharedItemCountStep(accountId: string, groupId: string, delta: number): Step {
  const u = sharedItemCountUpdate(accountId, groupId, delta);
  return {
    item: update(u.key, u.expression, u.condition, u.values, u.names),
    onConditionFailed: () => new NotFoundError(`No group ${groupId} in this account`),
  };
}

const getConsistent = async (key: Key) =>
  (await ddb.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

class ExistsError extends Error {}

/**
 * A membership ended: the membership deleted (it must be there) and the group's count down by one, exactly, with
 * the event. Closing a member reuses it for each of their groups.
 */
export function removeMemberSteps(
  accountId: string,
  groupId: string,
  userId: string,
  event: AuditEvent,
  notThere?: () => Error,
): Step[] {
  return [
    { item: del(groupMembershipKey(accountId, groupId, userId), 'attribute_exists(PK)'), onConditionFailed: notThere },
    {
      item: update(groupKey(accountId, groupId), 'ADD memberCount :minus', 'attribute_exists(PK)', { ':minus': -1 }),
    },
    { item: put(auditEventItem(event)) },
  ];
}

/**
 * The store's reads without its writes: a group by id, several, and a member's groups. The contact routes and the
 * listings give these, so that they bundle none of the group writes (their transactions and refusals).
 */
export const groupReads: Pick<GroupStore, 'get' | 'getMany' | 'groupIdsOf' | 'memberOf'> = {
  async get(accountId, groupId) {
    const item = await getConsistent(groupKey(accountId, groupId));
    return item ? fromGroupItem(item) : null;
  },

  async getMany(accountId, groupIds) {
    const items = await batchGet(groupIds.map((id) => groupKey(accountId, id)));
    const byId = new Map(items.map((i) => [String(i.id), fromGroupItem(i)]));
    return groupIds.flatMap((id) => byId.get(id) ?? []);
  },

  async groupIdsOf(accountId, userId) {
    const items = await queryAll((start) =>
      queryInput(membershipsOfMember, [accountId], {
        prefix: membershipsOfMember.prefix(userId),
        projection: ['groupId'],
        start,
      }),
    );
    return items.map((i) => String(i.groupId));
  },

  async memberOf(accountId, userId, groupIds) {
    if (groupIds.length === 0) return [];
    const found = await batchGet(
      groupIds.map((g) => groupMembershipKey(accountId, g, userId)),
      { projection: ['groupId'] },
    );
    return found.map((i) => String(i.groupId));
  },
};

/** The store's listings (a Query page each, with paging and cursor sealing). */
export const groupListings: Pick<GroupStore, 'list' | 'listMembers' | 'listMemberships'> = {
  list(accountId, page) {
    return queryPage({ pattern: groupsByName, key: [accountId] }, page, fromGroupItem);
  },

  listMembers(accountId, groupId, page) {
    return queryPage({ pattern: groupMembers, key: [accountId, groupId] }, page, fromGroupMembershipItem);
  },

  listMemberships(accountId, userId, page) {
    return queryPage(
      { pattern: membershipsOfMember, key: [accountId], sortKeyPrefix: membershipsOfMember.prefix(userId) },
      page,
      fromGroupMembershipItem,
    );
  },
};

/** Creating a group alone: the other writes (and their refusals) stay out of POST …/groups. */
export const groupCreation: Pick<GroupStore, 'create'> = {
  async create(group, event) {
    await transactOnGroup([
      { item: put(groupItem(group), 'attribute_not_exists(PK)'), onConditionFailed: () => new ConflictError() },
      {
        item: put(groupNameClaimItem(group), 'attribute_not_exists(PK)'),
        onConditionFailed: () => new GroupNameTakenError(),
      },
      { item: put(auditEventItem(event)) },
    ]);
  },
};

/** The store without its listings: a function that lists nothing bundles no paging. */
export const groupRecords: Omit<GroupStore, 'list' | 'listMembers' | 'listMemberships'> = {
  create: (group, event) => groupCreation.create(group, event),
  get: (accountId, groupId) => groupReads.get(accountId, groupId),
  getMany: (accountId, groupIds) => groupReads.getMany(accountId, groupIds),

  async update(group, expectedVersion, previousName, event) {
    const { PK: _pk, SK: _sk, ...fields } = groupItem(group);
    const { memberCount: _m, sharedItemCount: _s, accountId: _a, id: _i, createdAt: _c, entity: _e, ...set } = fields;
    const entries = Object.entries(set);
    const renamed = groupNameKey(previousName) !== groupNameKey(group.name);
    await transactOnGroup([
      {
        item: update(
          groupKey(group.accountId, group.id),
          `SET ${entries.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
          'attribute_exists(PK) AND #version = :expected',
          { ...Object.fromEntries(entries.map(([, v], i) => [`:f${i}`, v])), ':expected': expectedVersion },
          { ...Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])), '#version': 'version' },
        ),
        onConditionFailed: () => new PreconditionFailedError(),
      },
      ...(renamed
        ? [
            {
              item: del(groupNameClaimKey(group.accountId, previousName), 'groupId = :g', { ':g': group.id }),
              onConditionFailed: () => new PreconditionFailedError(),
            },
            {
              item: put(groupNameClaimItem(group), 'attribute_not_exists(PK)'),
              onConditionFailed: () => new GroupNameTakenError(),
            },
          ]
        : []),
      { item: put(auditEventItem(event)) },
    ]);
  },

  async delete(group, expectedVersion, event) {
    const { accountId, id } = group;
    try {
      await transactOnGroup([
        {
          item: del(
            groupKey(accountId, id),
            '#version = :expected AND memberCount = :zero AND sharedItemCount = :zero',
            { ':expected': expectedVersion, ':zero': 0 },
            { '#version': 'version' },
          ),
          onConditionFailed: () => new ExistsError(),
        },
        { item: del(groupNameClaimKey(accountId, group.name)) },
        ...(group.externalId ? [{ item: del(groupExternalIdClaimKey(accountId, group.externalId)) }] : []),
        { item: put(auditEventItem(event)) },
      ]);
    } catch (error) {
      if (!(error instanceof ExistsError)) throw error;
      // which condition failed: one read says
      const now = await groupRecords.get(accountId, id);
      if (!now) throw new NotFoundError('No such group in this account');
      if (now.version !== expectedVersion) throw new PreconditionFailedError();
      throw new GroupNotEmptyError(
        `The group has ${now.memberCount} member(s) and ${now.sharedItemCount} shared item(s)`,
      );
    }
  },

  async addMember(membership, event) {
    const { accountId, groupId, userId } = membership;
    try {
      await transactOnGroup([
        {
          item: put(groupMembershipItem(membership), 'attribute_not_exists(PK)'),
          onConditionFailed: () => new ExistsError(),
        },
        {
          item: update(groupKey(accountId, groupId), 'ADD memberCount :one', 'attribute_exists(PK)', { ':one': 1 }),
          onConditionFailed: () => new NotFoundError('No such group in this account'),
        },
        {
          item: check(
            userKey(accountId, userId),
            'attribute_exists(PK) AND #s <> :closed',
            { ':closed': 'closed' },
            { '#s': 'status' },
          ),
          onConditionFailed: () => new MemberClosedError('A closed member cannot join a group'),
        },
        { item: put(auditEventItem(event)) },
      ]);
      return { membership, added: true };
    } catch (error) {
      if (!(error instanceof ExistsError)) throw error;
      const item = await getConsistent(groupMembershipKey(accountId, groupId, userId));
      return { membership: item ? fromGroupMembershipItem(item) : membership, added: false };
    }
  },

  async removeMember(accountId, groupId, userId, event) {
    try {
      await transactOnGroup(removeMemberSteps(accountId, groupId, userId, event, () => new ExistsError()));
      return true;
    } catch (error) {
      if (error instanceof ExistsError) return false;
      throw error;
    }
  },

  groupIdsOf: (accountId, userId) => groupReads.groupIdsOf(accountId, userId),
  memberOf: (accountId, userId, groupIds) => groupReads.memberOf(accountId, userId, groupIds),
};

/** The whole store; marked pure so that a bundle giving only `groupRecords` drops the listings. */
export const groupStore: GroupStore = /* @__PURE__ */ (() => ({ ...groupRecords, ...groupListings }))();
