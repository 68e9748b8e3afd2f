/**
 * A group of an account, its name claim, and the memberships of members in it. The group and its claim sit in the
 * account's partition; a membership sits in the member's own item collection (`USER#<userId>#GROUP#<groupId>`, so
 * reading or closing a member finds it under their prefix) and carries a GSI1 entry in the group's members listing.
 */
import type { Group, GroupMembership } from '#domain/group.ts';
import { groupNameKey } from '#domain/group.ts';
import {
  type EntityShape,
  type Item,
  type Key,
  type Pattern,
  type QueryPattern,
  indexEntry,
  indexNote,
  show,
  strip,
} from '../entity.ts';
import { accountPartition } from './account.ts';

export const groupKey = (accountId: string, groupId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `GROUP#${groupId}`,
});
/** Uniqueness of a group name within an account, by its case-insensitive key (moved by a rename). */
export const groupNameClaimKey = (accountId: string, name: string): Key => ({
  PK: accountPartition(accountId),
  SK: `GROUP_NAME#${groupNameKey(name)}`,
});
/**
 * Uniqueness of a group's SCIM `externalId` within an account (exact: the identity provider's id, case kept); written
 * and freed in the transaction that sets, changes or clears it, and with the group's deletion.
 */
export const groupExternalIdClaimKey = (accountId: string, externalId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `EXTID#GROUP#${externalId}`,
});
const membershipsPrefix = (userId: string): string => `USER#${userId}#GROUP#`;
/** Member `userId` is in group `groupId`: an item of the member's item collection. */
export const groupMembershipKey = (accountId: string, groupId: string, userId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `${membershipsPrefix(userId)}${groupId}`,
});

/** GSI1: the account's groups by case-insensitive name. */
export const groupsByName: QueryPattern<[accountId: string]> & { sortKeyOf: (g: Group) => string } = {
  name: 'groupsByName',
  index: 'GSI1',
  partition: (accountId) => `${accountPartition(accountId)}#GROUPS`,
  placeholders: ['<a>'],
  sortKey: 'none',
  sortKeyOf: (g) => `${groupNameKey(g.name)}#${g.id}`,
};

/** GSI1 (on membership items): a group's members by username. */
export const groupMembers: QueryPattern<[accountId: string, groupId: string]> & {
  sortKeyOf: (m: GroupMembership) => string;
} = {
  name: 'groupMembers',
  index: 'GSI1',
  partition: (accountId, groupId) => `${accountPartition(accountId)}#GROUP#${groupId}#MEMBERS`,
  placeholders: ['<a>', '<g>'],
  sortKey: 'none',
  sortKeyOf: (m) => `${m.username}#${m.userId}`,
};

/** The table: a member's memberships (their item collection, by the group prefix), in group-id (creation) order. */
export const membershipsOfMember: QueryPattern<[accountId: string]> & { prefix: (userId: string) => string } = {
  name: 'membershipsOfMember',
  index: 'table',
  partition: accountPartition,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: /* @__PURE__ */ membershipsPrefix('<u>'),
  prefix: membershipsPrefix,
};

const groupFields = [
  'id',
  'accountId',
  'name',
  'description',
  'memberCount',
  'sharedItemCount',
  'createdAt',
  'updatedAt',
  'version',
] as const;

/** The group's item; an `externalId` only when it has one (an update that keeps it writes nothing there). */
export const groupItem = ({ externalId, ...g }: Group): Item => ({
  ...groupKey(g.accountId, g.id),
  entity: 'Group',
  ...g,
  ...(externalId ? { externalId } : {}),
  ...indexEntry(groupsByName, [g.accountId], groupsByName.sortKeyOf(g)),
});
export const fromGroupItem = (item: Item): Group => ({
  ...strip<Group>(item, groupFields),
  memberCount: Number(item.memberCount ?? 0),
  sharedItemCount: Number(item.sharedItemCount ?? 0),
  ...(typeof item.externalId === 'string' ? { externalId: item.externalId } : {}),
});

export const groupNameClaimItem = (g: Group): Item => ({
  ...groupNameClaimKey(g.accountId, g.name),
  entity: 'GroupNameClaim',
  groupId: g.id,
});

export const groupExternalIdClaimItem = (accountId: string, externalId: string, groupId: string): Item => ({
  ...groupExternalIdClaimKey(accountId, externalId),
  entity: 'GroupExternalIdClaim',
  groupId,
});

export const groupMembershipItem = (m: GroupMembership): Item => ({
  ...groupMembershipKey(m.accountId, m.groupId, m.userId),
  entity: 'GroupMembership',
  ...m,
  ...indexEntry(groupMembers, [m.accountId, m.groupId], groupMembers.sortKeyOf(m)),
});
export const fromGroupMembershipItem = (item: Item): GroupMembership =>
  strip<GroupMembership>(item, ['accountId', 'groupId', 'userId', 'username', 'addedAt']);

/**
 * The Update that moves a group's count of shared items by `delta` (+1 when something is shared with it, −1 when that
 * ends), on the condition that the group exists: put it in the transaction that writes or deletes the share itself, so
 * the count stays exact (a group with shared items cannot be deleted, so a −1 always finds it).
 */
export function sharedItemCountUpdate(
  accountId: string,
  groupId: string,
  delta: number,
): { key: Key; expression: string; condition: string; values: Record<string, unknown>; names: Record<string, string> } {
  return {
    key: groupKey(accountId, groupId),
    expression: 'ADD #count :delta',
    condition: 'attribute_exists(PK)',
    values: { ':delta': delta },
    names: { '#count': 'sharedItemCount' },
  };
}

export const groupEntities: EntityShape[] = [
  {
    name: 'Group',
    key: () => groupKey('<accountId>', '<groupId>'),
    notes: () =>
      `${indexNote(groupsByName, '<lower(name)>#<groupId>')}; \`memberCount\`, \`sharedItemCount\` (ADD in the ` +
      'transaction of each membership or share)',
  },
  {
    name: 'Group name claim',
    key: () => groupNameClaimKey('<accountId>', '<name>'),
    notes: () => '`groupId`; the key is the lower-cased name (unique case-insensitively); a rename moves it',
  },
  {
    name: 'Group externalId claim',
    key: () => groupExternalIdClaimKey('<accountId>', '<externalId>'),
    notes: () =>
      '`groupId`; SCIM `externalId` of a group, exact (unique per account); moved or freed with the change of it, ' +
      'freed by the deletion of the group',
  },
  {
    name: 'Group membership (in the member’s item collection)',
    key: () => groupMembershipKey('<accountId>', '<groupId>', '<userId>'),
    notes: () => indexNote(groupMembers, '<username>#<userId>', '(a group’s members by username)'),
  },
];

export const groupPatterns: Pattern[] = [
  {
    name: 'group',
    summary: 'read a group',
    operation: 'GetItem (consistent before a write)',
    index: 'table',
    keyCondition: () => show(groupKey('<a>', '<g>')),
    roundTrips: '1 (+ the authorization read)',
    cost: '0.5–1 RCU',
  },
  {
    query: groupsByName,
    summary: "one page of an account's groups by name",
    roundTrips: '1',
    cost: '~0.5 RCU per 4 KB',
  },
  {
    name: 'createOrChangeGroup',
    summary: 'create / rename / delete a group',
    operation:
      'create: TransactWriteItems group (not exists), name claim (not exists), event; rename: GetItem, then ' +
      'TransactWriteItems group Update (version), old claim delete (its groupId), new claim (not exists), event; ' +
      'delete: GetItem, then TransactWriteItems group delete (version, memberCount = 0, sharedItemCount = 0), claim ' +
      'delete, event (a failed condition: one GetItem to say which)',
    index: 'table',
    keyCondition: () => `${show(groupKey('<a>', '<g>'))}, ${show(groupNameClaimKey('<a>', '<name>'))}`,
    roundTrips: '1 (create), 2 (rename, delete), with the authorization read',
    cost: '≈ 7–9 WCU (+ 1 GSI)',
  },
  {
    name: 'addOrRemoveMember',
    summary: 'add / remove a member of a group (the count moves in the same transaction)',
    operation:
      'add: TransactWriteItems membership (not exists), group ADD memberCount 1 (exists), user check (not closed), ' +
      'event (an existing membership: + GetItem, nothing counted); remove: TransactWriteItems membership delete ' +
      '(exists), group ADD memberCount −1, event. Conflicts on the hot group item are retried with jittered backoff',
    index: 'table',
    keyCondition: () => `${show(groupMembershipKey('<a>', '<g>', '<u>'))}, ${show(groupKey('<a>', '<g>'))}`,
    roundTrips: '1 (+ the manage check of the member: GetItem user, scope BatchGetItem)',
    cost: '≈ 7 WCU + 1 GSI',
  },
  {
    query: groupMembers,
    summary: "one page of a group's members by username (with a consistent GetItem of the group, in parallel)",
    roundTrips: '1',
    cost: '~0.5 RCU per 4 KB (memberships are ~0.2 KB)',
  },
  {
    query: membershipsOfMember,
    summary:
      "one page of a member's groups: the memberships, then one BatchGetItem of those groups " +
      '(also the prefix the close of a member and `?include=groups` read)',
    roundTrips: '2',
    cost: '~0.5 RCU per 4 KB + 0.5 RCU per group',
  },
  {
    name: 'scimGroupByClaim',
    summary: 'SCIM: the group named by a `displayName` (case-insensitive) or `externalId` filter',
    operation: 'GetItem (consistent) of the name or externalId claim, then BatchGetItem of the group',
    index: 'table',
    keyCondition: () =>
      `${show(groupNameClaimKey('<a>', '<name>'))} or ${show(groupExternalIdClaimKey('<a>', '<externalId>'))}`,
    roundTrips: '2',
    cost: '0.5 + 0.5 RCU',
  },
  {
    name: 'scimGroupWindow',
    summary:
      "SCIM: `GET /Groups` without a filter: every page of the account's groups by name (the exact total), the " +
      'window kept; then, unless members are excluded, the members of each group in it',
    operation:
      'Query GSI1 `groupsByName`, all pages; per group with members: Query `groupMembers` (all pages), then one ' +
      'BatchGetItem of those users and the authorization read of their units',
    index: 'GSI1',
    keyCondition: () => `GSI1PK = ${groupsByName.partition('<a>')}`,
    roundTrips: '1 per 1 MB of groups (~3,000); + 3 with members (the member Queries in parallel)',
    cost: '~0.5 RCU per 4 KB of groups (~0.3 KB each) + 0.5 RCU per 4 KB of memberships + 0.5 RCU per user',
  },
  {
    name: 'scimGroupMemberChange',
    summary:
      'SCIM: a create, PUT, PATCH or DELETE of a group with its member changes (up to 1,000 member values), ' +
      'in transactions of ≤ 100 items, applied in order; each moves memberCount by exactly what it writes',
    operation:
      'TransactWriteItems: the group (create: Put not exists with its count; change: Update version, SET fields, ' +
      'ADD memberCount; later chunks: Update ADD memberCount, exists), the name and externalId claims when they ' +
      'change, its event; per member added: membership Put (not exists), user check (not closed), event; per ' +
      'member removed: membership Delete (exists), event. A membership condition that fails (already in, already ' +
      'out) drops that member and the chunk is written again; before: BatchGetItem of the memberships named ' +
      '(PATCH), or a Query of `groupMembers` (replace, DELETE)',
    index: 'table',
    keyCondition: () =>
      `${show(groupKey('<a>', '<g>'))}, ${show(groupMembershipKey('<a>', '<g>', '<u>'))}, ` +
      `${show(groupExternalIdClaimKey('<a>', '<externalId>'))}`,
    roundTrips:
      '1 transaction per 33 added or 49 removed members (1,000 adds: 31), + the reads of the members named ' +
      '(BatchGetItem of users, the authorization read, BatchGetItem of memberships)',
    cost: '≈ 2 WCU per transaction item (+ 1 GSI per membership and group write)',
  },
  {
    name: 'sharedItemCountUpdate',
    summary: "move a group's count of shared items, inside the transaction that shares or unshares (numbers, contacts)",
    operation: 'UpdateItem in that TransactWriteItems: ADD sharedItemCount ±1, condition attribute_exists(PK)',
    index: 'table',
    keyCondition: () => show(groupKey('<a>', '<g>')),
    roundTrips: '0 (part of the sharing transaction)',
    cost: '2 WCU + 1 GSI',
  },
];
