/**
 * Delegated access: member D administers member U. Two records in the account's partition, written and removed
 * together: `DELEGATE#U#D` (U's delegates, listed and checked by the authorization read) and `DELEGATED#D#U`
 * (so closing D ends what D was given).
 */
import type { Delegation } from '#ports/delegations.ts';
import type { Pattern, EntityShape, Item, Key, QueryPattern } from '../entity.ts';
import { accountPartition } from './account.ts';

const delegatesPrefix = (userId: string): string => `DELEGATE#${userId}#`;
const delegatedPrefix = (delegateUserId: string): string => `DELEGATED#${delegateUserId}#`;

/** Member `delegateUserId` administers member `userId`. */
export const delegationKey = (accountId: string, userId: string, delegateUserId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `${delegatesPrefix(userId)}${delegateUserId}`,
});
/** The reverse record: whom member `delegateUserId` administers. */
export const delegatedToKey = (accountId: string, delegateUserId: string, userId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `${delegatedPrefix(delegateUserId)}${userId}`,
});

/** A member's delegates: the account partition, by the member's prefix. */
export const delegatesOf: QueryPattern<[accountId: string]> & { prefix: (userId: string) => string } = {
  name: 'delegatesOf',
  index: 'table',
  partition: accountPartition,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: /* @__PURE__ */ delegatesPrefix('<U>'),
  prefix: delegatesPrefix,
};

/** Whom a member administers (read when the member is closed, to end those delegations too). */
export const delegatedBy: QueryPattern<[accountId: string]> & { prefix: (delegateUserId: string) => string } = {
  name: 'delegatedBy',
  index: 'table',
  partition: accountPartition,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: /* @__PURE__ */ delegatedPrefix('<D>'),
  prefix: delegatedPrefix,
};

/**
 * The delegations a member holds (whom they administer), read before anyone but an account manager manages them:
 * managing a member hands over their delegations, so the caller must be able to manage each of those members too.
 */
export const delegationsHeldBy: typeof delegatedBy = { ...delegatedBy, name: 'delegationsHeldBy', consistent: true };

export const delegationItem = (d: Delegation): Item => ({
  ...delegationKey(d.accountId, d.userId, d.delegateUserId),
  entity: 'Delegation',
  ...d,
});
export const delegatedToItem = (d: Delegation): Item => ({
  ...delegatedToKey(d.accountId, d.delegateUserId, d.userId),
  entity: 'DelegatedTo',
  ...d,
});
export const fromDelegationItem = (item: Item): Delegation => ({
  accountId: String(item.accountId),
  userId: String(item.userId),
  delegateUserId: String(item.delegateUserId),
  createdAt: String(item.createdAt),
});

export const delegationEntities: EntityShape[] = [
  {
    name: 'Delegation (D administers U)',
    key: () => delegationKey('<accountId>', '<U>', '<D>'),
    notes: () => `and \`${delegatedToKey('<accountId>', '<D>', '<U>').SK}\` (the reverse, for closing D)`,
  },
];

export const delegationPatterns: Pattern[] = [
  {
    name: 'addOrRemoveDelegate',
    summary: 'add / remove a delegate',
    operation:
      'add: consistent BatchGetItem both users; TransactWriteItems both records, two user checks, event (an ' +
      'existing one: + GetItem); remove: GetItem user; TransactWriteItems',
    index: 'table',
    keyCondition: () =>
      `${delegationKey('<a>', '<U>', '<D>').SK}, ${delegatedToKey('<a>', '<D>', '<U>').SK} in ${accountPartition('<a>')}`,
    roundTrips: '3 (measured, with authorization)',
    cost: '≈ 8 WCU',
  },
  {
    query: delegatesOf,
    summary: "a member's delegates",
    roundTrips: '3 (account manager), 4 (others), measured with the read check (GetItem user, scope BatchGetItem)',
    cost: '0.5 RCU',
  },
  {
    query: delegatedBy,
    summary: 'whom a member administers (closing them ends it; with delegatesOf, one Query each, consistent)',
    roundTrips:
      '1, in parallel with delegatesOf, inside the close; past 15, one more each way per 25 in the continuation',
    cost: '0.5–1 RCU (at most 25 items)',
  },
  {
    query: delegationsHeldBy,
    summary:
      'the delegations a member holds, before anyone but an account manager manages them (each member found is ' +
      'checked like the member: their record in one consistent BatchGetItem, then one authorization read each, in ' +
      'parallel; and their own delegations, down the chain)',
    roundTrips: '+1 per manage of a member by an admin or a delegate; +2 and +1 per further link when they hold some',
    cost: '0.5 RCU (none held); ≤ 51 items read',
  },
];
