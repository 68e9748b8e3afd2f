import type { AuditStore } from '#ports/audit.ts';
import { auditEventItem, fromAuditEventItem } from './items.ts';
import { indexKeys, keys } from './keys.ts';
import { queryPage } from './query-page.ts';
import { MAX_TRANSACTION_ITEMS, put, transact } from './transact.ts';

/** TransactWriteItems takes at most 100 items. */

export const auditStore: AuditStore = {
  /**
   * One Query per page, newest first: by member on GSI1, by type on GSI2, both (GSI1, filtered on type), or the
   * account's whole event partition.
   */
  list(accountId, { userId, type, underPaths }, page) {
    // an admin's view: the same Queries, filtered on the event's unit path (a page may then hold fewer than `limit`)
    const anyPrefix = underPaths ? { attribute: 'unitPath', prefixes: underPaths } : undefined;
    if (userId !== undefined) {
      const partition = indexKeys.eventsByUser(accountId, userId).GSI1PK;
      return queryPage(
        {
          index: 'GSI1',
          partition,
          newestFirst: true,
          filter: type !== undefined ? { attribute: 'type', equals: type } : undefined,
          anyPrefix,
        },
        page,
        fromAuditEventItem,
      );
    }
    if (type !== undefined)
      return queryPage(
        { index: 'GSI2', partition: indexKeys.eventsByType(accountId, type).GSI2PK, newestFirst: true, anyPrefix },
        page,
        fromAuditEventItem,
      );
    return queryPage(
      { partition: keys.auditEvents(accountId), sortKeyPrefix: keys.eventPrefix, newestFirst: true, anyPrefix },
      page,
      fromAuditEventItem,
    );
  },

  async record(events) {
    for (let i = 0; i < events.length; i += MAX_TRANSACTION_ITEMS) {
      await transact(
        events
          .slice(i, i + MAX_TRANSACTION_ITEMS)
          .map((e) => ({ item: put(auditEventItem(e), 'attribute_not_exists(PK)') })),
      );
    }
  },
};
