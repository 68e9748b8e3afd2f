/**
 * Shared contacts. The contact sits in the account's partition with a GSI1 entry in the account's address book (every
 * contact, by lower-cased name) and, when shared with everyone, a GSI2 entry in the "everyone" audience. A contact
 * shared with groups has one share item per group (`CONTACT#<c>#GROUP#<g>`, a copy of the contact) whose GSI2 entry
 * is in that group's audience: a member's view is the "everyone" audience plus their groups' audiences, merged by name.
 */
import { contactNameKey, type Contact } from '#domain/contact.ts';
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

export const contactKey = (accountId: string, contactId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `CONTACT#${contactId}`,
});
/** Contact `contactId` shared with group `groupId`. */
export const contactShareKey = (accountId: string, contactId: string, groupId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `CONTACT#${contactId}#GROUP#${groupId}`,
});

/** The sort key of both listings: the lower-cased name, then the id (names need not be unique). */
export const contactSortKey = (c: Pick<Contact, 'name' | 'id'>): string => `${contactNameKey(c.name)}#${c.id}`;

/** GSI1: the account's whole address book by name (`?q=`: begins_with the lower-cased prefix). */
export const contactsByName: QueryPattern<[accountId: string]> = {
  name: 'contactsByName',
  index: 'GSI1',
  partition: (accountId) => `${accountPartition(accountId)}#CONTACTS`,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: '<lower(q)>',
};

/** The audiences of the member view: every member, or the members of one group. */
export const EVERYONE = 'EVERYONE';
export const groupAudience = (groupId: string): string => `GROUP#${groupId}`;

/**
 * GSI2: the contacts one audience sees, by name: contacts shared with everyone (on the contact) or with one group (on
 * its share item). A page goes on from the last name returned (`> <position>`), or starts at the prefix (`>= lower(q)`).
 */
export const contactsVisibleTo: QueryPattern<[accountId: string, audience: string]> = {
  name: 'contactsVisibleTo',
  index: 'GSI2',
  partition: (accountId, audience) => `${accountPartition(accountId)}#CONTACTS#${audience}`,
  placeholders: ['<a>', '<EVERYONE|GROUP#g>'],
  sortKey: 'none',
};

const contactFields = [
  'id',
  'accountId',
  'name',
  'company',
  'numbers',
  'emails',
  'groupIds',
  'createdAt',
  'updatedAt',
  'version',
] as const;

export function contactItem(c: Contact): Item {
  return {
    ...contactKey(c.accountId, c.id),
    entity: 'Contact',
    ...c,
    ...indexEntry(contactsByName, [c.accountId], contactSortKey(c)),
    ...(c.groupIds.length === 0 ? indexEntry(contactsVisibleTo, [c.accountId, EVERYONE], contactSortKey(c)) : {}),
  };
}

/** The copy of a contact its share with group `groupId` carries (what the members of that group list). */
export const contactShareItem = (c: Contact, groupId: string): Item => ({
  ...contactShareKey(c.accountId, c.id, groupId),
  entity: 'ContactShare',
  ...c,
  sharedWith: groupId,
  ...indexEntry(contactsVisibleTo, [c.accountId, groupAudience(groupId)], contactSortKey(c)),
});

export const fromContactItem = (item: Item): Contact => ({
  ...strip<Contact>(item, contactFields),
  numbers: (item.numbers as Contact['numbers'] | undefined) ?? [],
  emails: (item.emails as string[] | undefined) ?? [],
  groupIds: (item.groupIds as string[] | undefined) ?? [],
});

export const contactEntities: EntityShape[] = [
  {
    name: 'Shared contact',
    key: () => contactKey('<accountId>', '<contactId>'),
    notes: () =>
      `${indexNote(contactsByName, '<lower(name)>#<contactId>')}; ` +
      indexNote(contactsVisibleTo, '<lower(name)>#<contactId>', '(shared with everyone only: no groupIds)'),
  },
  {
    name: 'Contact share (a copy, per group it is shared with)',
    key: () => contactShareKey('<accountId>', '<contactId>', '<groupId>'),
    notes: () =>
      `${indexNote(contactsVisibleTo, '<lower(name)>#<contactId>')} in the group's audience \`GROUP#<groupId>\`; ` +
      "moves the group's `sharedItemCount` in the same transaction",
  },
];

export const contactPatterns: Pattern[] = [
  {
    name: 'contact',
    summary: 'read a contact (a member who is not a keeper: + one BatchGetItem of their memberships of its groups)',
    operation: 'GetItem, consistent; BatchGetItem `USER#<me>#GROUP#<g>` per group it names (≤ 20)',
    index: 'table',
    keyCondition: () => show(contactKey('<a>', '<c>')),
    roundTrips: '1 (keepers), 2 (members of a contact shared with groups)',
    cost: '1 RCU (+ 0.5 RCU per group)',
  },
  {
    name: 'changeContact',
    summary: 'create / update / delete a contact with its shares',
    operation:
      'TransactWriteItems: the contact (create: not exists; update, delete: its version), per group gained a share put ' +
      '+ sharedItemCount +1 (the group exists), per group kept the share rewritten, per group lost a share delete + ' +
      'sharedItemCount −1, the event (update and delete read the contact first: GetItem)',
    index: 'table',
    keyCondition: () =>
      `${show(contactKey('<a>', '<c>'))}, ${show(contactShareKey('<a>', '<c>', '<g>'))} per group, group counts`,
    roundTrips: '1 (create), 2 (update, delete)',
    cost: '≈ 6 WCU + 6 WCU per group gained or lost (≤ 82 items at 20 groups)',
  },
  {
    query: contactsByName,
    summary: "one page of the account's contacts by name (account managers and admins), `?q=` a name prefix",
    roundTrips: '1',
    cost: '~0.5 RCU per 4 KB',
  },
  {
    query: contactsVisibleTo,
    summary:
      "one page of a member's contacts: their group ids (one Query of their memberships, projected), then one Query " +
      'per audience in parallel (everyone + each of their groups), each `GSI2SK > <cursor position>` (or `>= lower(q)`), ' +
      '`Limit = limit + 1`, read up to the end of the prefix, merged by name; the cursor is the last name returned',
    roundTrips: '2 (sequential: memberships, then the audiences in parallel)',
    cost: '(1 + G) Queries of ≤ limit + 1 items each for a member of G groups: ≥ 0.5 RCU each',
  },
];
