/** Shared contacts and their shares with groups (entities/contact.ts); each share moves its group's count. */
import { GetCommand, QueryCommand } from './document.ts';
import { ConflictError, PreconditionFailedError } from '#domain/errors.ts';
import { contactNameKey, shareChanges, type Contact } from '#domain/contact.ts';
import type { ContactStore } from '#ports/contacts.ts';
import { ddb, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { KEY_ATTRIBUTES, type Item } from './entity.ts';
import { auditEventItem } from './entities/audit-event.ts';
import {
  EVERYONE,
  contactItem,
  contactKey,
  contactShareItem,
  contactShareKey,
  contactsByName,
  contactsVisibleTo,
  fromContactItem,
  groupAudience,
} from './entities/contact.ts';
import { queryInput } from './query.ts';
import { queryPage } from './query-page.ts';
import { sharedItemCountStep, transactOnGroup } from './group-store.ts';
import { del, put, type Step } from './transact.ts';

const versionIs = (expected: number) => ({
  condition: '#version = :expected',
  values: { ':expected': expected },
  names: { '#version': 'version' },
});

/** The share steps of a change from `before` to `after` (either may be null: a create, a delete). */
function shareSteps(before: Contact | null, after: Contact | null): Step[] {
  const contact = (after ?? before)!;
  const { added, removed, kept } = shareChanges(before?.groupIds ?? [], after?.groupIds ?? []);
  return [
    ...added.flatMap((g) => [{ item: put(contactShareItem(after!, g)) }, sharedItemCountStep(contact.accountId, g, 1)]),
    ...kept.map((g) => ({ item: put(contactShareItem(after!, g)) })),
    ...removed.flatMap((g) => [
      { item: del(contactShareKey(contact.accountId, contact.id, g)) },
      sharedItemCountStep(contact.accountId, g, -1),
    ]),
  ];
}

const sortKeyOf = (item: Item): string => String(item[KEY_ATTRIBUTES.GSI2.sk]);

export const contactStore: ContactStore = {
  async create(contact, event) {
    await transactOnGroup([
      { item: put(contactItem(contact), 'attribute_not_exists(PK)'), onConditionFailed: () => new ConflictError() },
      ...shareSteps(null, contact),
      { item: put(auditEventItem(event)) },
    ]);
  },

  async get(accountId, contactId) {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: contactKey(accountId, contactId), ConsistentRead: true }),
    );
    return Item ? fromContactItem(Item) : null;
  },

  async update(next, previous, event) {
    const v = versionIs(previous.version);
    await transactOnGroup([
      {
        item: put(contactItem(next), v.condition, v.values, v.names),
        onConditionFailed: () => new PreconditionFailedError(),
      },
      ...shareSteps(previous, next),
      { item: put(auditEventItem(event)) },
    ]);
  },

  async delete(contact, event) {
    const v = versionIs(contact.version);
    await transactOnGroup([
      {
        item: del(contactKey(contact.accountId, contact.id), v.condition, v.values, v.names),
        onConditionFailed: () => new PreconditionFailedError(),
      },
      ...shareSteps(contact, null),
      { item: put(auditEventItem(event)) },
    ]);
  },

  listAll(accountId, q, page) {
    return queryPage(
      { pattern: contactsByName, key: [accountId], sortKeyPrefix: q === undefined ? undefined : contactNameKey(q) },
      page,
      fromContactItem,
    );
  },

  /**
   * A k-way merge by name: each audience is read from the cursor's position (`limit + 1` items, up to the end of the
   * `q` prefix), the contacts of all audiences are merged and deduplicated, and the first `limit` returned. The first
   * `limit` of the merge are among the first `limit` of each audience, so the page is exact; the cursor is the last
   * sort key returned, sealed and bound to the account and `q`.
   */
  async listVisible(accountId, groupIds, q, page) {
    const prefix = q === undefined ? undefined : contactNameKey(q);
    const binding = `contacts-visible|${accountId}|${prefix ?? ''}`;
    const after = decodeCursor(page.cursor, binding)?.k as string | undefined;
    const audiences = [EVERYONE, ...groupIds.map(groupAudience)];
    const read = await Promise.all(
      audiences.map(async (audience) => {
        const out = await ddb.send(
          new QueryCommand(
            queryInput(contactsVisibleTo, [accountId, audience], {
              ...(after !== undefined ? { after } : prefix !== undefined ? { atLeast: prefix } : {}),
              limit: page.limit + 1,
            }),
          ),
        );
        const items = out.Items ?? [];
        // past the prefix the audience has nothing more for this listing
        return prefix === undefined ? items : items.filter((i) => sortKeyOf(i).startsWith(prefix));
      }),
    );
    const merged = [...new Map(read.flat().map((i) => [sortKeyOf(i), i])).entries()].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    const pageItems = merged.slice(0, page.limit);
    const more = merged.length > page.limit;
    const last = pageItems.at(-1);
    return {
      items: pageItems.map(([, item]) => fromContactItem(item)),
      nextCursor: more && last ? encodeCursor({ k: last[0] }, binding) : null,
    };
  },
};
