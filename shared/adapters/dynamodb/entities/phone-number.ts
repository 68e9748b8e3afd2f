/**
 * Phone numbers (telephony). Three kinds of item:
 * - the number, in the account's partition (`NUMBER#<numberId>`): the account's inventory, listed by id;
 * - its deployment-wide claim (`NUMBER#<e164>` partition): a number routes to one place, so it is held by one
 *   account at most; written and released in the same transaction as the number;
 * - while it is assigned, a copy of the number in its holder's item collection (`USER#<userId>#NUMBER#<numberId>`):
 *   a member's numbers are one Query, and closing a member finds them under the member's prefix;
 * - per group it is shared with, a share item (`NUMBER_SHARE#<numberId>#<groupId>`), put and deleted (conditionally)
 *   in the transaction that moves the number's `groupIds` and the group's `sharedItemCount`.
 */
import type { PhoneNumber } from '#domain/phone-number.ts';
import { type EntityShape, type Item, type Key, type Pattern, type QueryPattern, show, strip } from '../entity.ts';
import { accountPartition } from './account.ts';

const NUMBER = 'NUMBER#';
const memberNumbersPrefix = (userId: string): string => `USER#${userId}#${NUMBER}`;

export const numberKey = (accountId: string, numberId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `${NUMBER}${numberId}`,
});
/** The deployment-wide claim of a number: which account holds it (never shown to another account). */
export const numberClaimKey = (e164: string): Key => ({ PK: `${NUMBER}${e164}`, SK: 'CLAIM' });
/** The copy of an assigned number in its holder's item collection. */
export const assignedNumberKey = (accountId: string, userId: string, numberId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `${memberNumbersPrefix(userId)}${numberId}`,
});

/** Number `numberId` shared with group `groupId` (not under `NUMBER#`, so the account's listing never reads it). */
export const numberShareKey = (accountId: string, numberId: string, groupId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `NUMBER_SHARE#${numberId}#${groupId}`,
});

/** An account's numbers, by id (ULIDs: the order they were created). */
export const numbersOfAccount: QueryPattern<[accountId: string]> & { prefix: string } = {
  name: 'numbersOfAccount',
  index: 'table',
  partition: accountPartition,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: NUMBER,
  prefix: NUMBER,
};

/** The numbers assigned to one member: their copies in the member's item collection. */
export const numbersOfMember: QueryPattern<[accountId: string]> & { prefix: (userId: string) => string } = {
  name: 'numbersOfMember',
  index: 'table',
  partition: accountPartition,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: /* @__PURE__ */ memberNumbersPrefix('<u>'),
  prefix: memberNumbersPrefix,
};

const numberFields = [
  'id',
  'accountId',
  'e164',
  'label',
  'assignment',
  'groupIds',
  'createdAt',
  'updatedAt',
  'version',
] as const;

export const numberItem = (n: PhoneNumber): Item => ({ ...numberKey(n.accountId, n.id), entity: 'PhoneNumber', ...n });
export const assignedNumberItem = (n: PhoneNumber & { assignment: NonNullable<PhoneNumber['assignment']> }): Item => ({
  ...assignedNumberKey(n.accountId, n.assignment.userId, n.id),
  entity: 'AssignedNumber',
  ...n,
});
export const numberClaimItem = (n: PhoneNumber): Item => ({
  ...numberClaimKey(n.e164),
  entity: 'NumberClaim',
  accountId: n.accountId,
  numberId: n.id,
});
export const numberShareItem = (n: PhoneNumber, groupId: string, sharedAt: string): Item => ({
  ...numberShareKey(n.accountId, n.id, groupId),
  entity: 'NumberShare',
  accountId: n.accountId,
  numberId: n.id,
  groupId,
  sharedAt,
});
export const fromNumberItem = (item: Item): PhoneNumber => ({
  ...strip<PhoneNumber>(item, numberFields),
  groupIds: (item.groupIds as string[] | undefined) ?? [],
});

export const phoneNumberEntities: EntityShape[] = [
  { name: 'Phone number', key: () => numberKey('<accountId>', '<numberId>') },
  {
    name: 'Number claim (deployment-wide)',
    key: () => numberClaimKey('<e164>'),
    notes: () => '`accountId`, `numberId` of the holder; written and released with the number',
  },
  {
    name: 'Assigned number (in the holder’s item collection)',
    key: () => assignedNumberKey('<accountId>', '<userId>', '<numberId>'),
    notes: () => 'a copy of the number while it is assigned to the member; moves with the assignment',
  },
  {
    name: 'Number share (per group the number is shared with)',
    key: () => numberShareKey('<accountId>', '<numberId>', '<groupId>'),
    notes: () =>
      '`numberId`, `groupId`, `sharedAt`; put (not exists) or deleted (exists) with the number (version, its ' +
      "`groupIds`) and the group's `sharedItemCount` ±1 in one transaction; at most 20 per number",
  },
];

export const phoneNumberPatterns: Pattern[] = [
  {
    name: 'createNumber',
    summary: 'add a number to an account (unique in the deployment)',
    operation: 'TransactWriteItems: claim (attribute_not_exists → 409 number_taken), number, event',
    index: 'table',
    keyCondition: () => `${show(numberClaimKey('<e164>'))}, ${show(numberKey('<a>', '<n>'))}`,
    roundTrips: '1 (+ the authorization read)',
    cost: '6 WCU',
  },
  {
    name: 'number',
    summary: 'read a number',
    operation: 'GetItem, consistent',
    index: 'table',
    keyCondition: () => show(numberKey('<a>', '<n>')),
    roundTrips: '1',
    cost: '1 RCU',
  },
  {
    query: numbersOfAccount,
    summary: "one page of an account's numbers, in the order they were created",
    roundTrips: '1 (+ the authorization read)',
    cost: '~0.5 RCU per 4 KB; `Limit = limit + 1`',
  },
  {
    query: numbersOfMember,
    summary: 'one page of the numbers assigned to a member (their item collection)',
    roundTrips: '1 (+ the read check of the member)',
    cost: '~0.5 RCU per 4 KB; `Limit = limit + 1`',
  },
  {
    name: 'updateOrAssignNumber',
    summary: 'relabel, assign, re-assign or unassign a number',
    operation:
      'GetItem number; TransactWriteItems: number (version), the old holder’s copy deleted, the new holder’s copy ' +
      'put, a check that the new holder is not closed, event(s)',
    index: 'table',
    keyCondition: () => `${show(numberKey('<a>', '<n>'))}, ${assignedNumberKey('<a>', '<u>', '<n>').SK}`,
    roundTrips: '2 (account manager; + GetItem and the scope read of each member for an admin)',
    cost: '4–10 WCU',
  },
  {
    name: 'deleteNumber',
    summary: 'delete a number and release its claim',
    operation:
      'GetItem number; TransactWriteItems: number (version), claim, the holder’s copy, per group it is shared with ' +
      'the share deleted + sharedItemCount −1, event (≤ 44 items)',
    index: 'table',
    keyCondition: () => `${show(numberKey('<a>', '<n>'))}, ${show(numberClaimKey('<e164>'))}`,
    roundTrips: '2',
    cost: '6–8 WCU + 4 WCU per group it is shared with',
  },
  {
    name: 'shareNumber',
    summary: 'share a number with a group, or end the share (the group’s count moves in the same transaction)',
    operation:
      'GetItem number; TransactWriteItems: number (version; new `groupIds`), the holder’s copy rewritten, the share ' +
      'put (not exists) or deleted (exists), group ADD sharedItemCount ±1 (exists: else 404), event. Already shared: ' +
      'nothing written. Conflicts on the hot group item are retried with jittered backoff',
    index: 'table',
    keyCondition: () =>
      `${show(numberKey('<a>', '<n>'))}, ${show(numberShareKey('<a>', '<n>', '<g>'))}, group \`GROUP#<g>\``,
    roundTrips: '2 (+ the authorization read)',
    cost: '≈ 8–10 WCU + 1 GSI (the group’s)',
  },
];
