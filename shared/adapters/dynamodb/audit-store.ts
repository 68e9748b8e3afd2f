import type { AuditStore } from '#ports/audit.ts';
import {
  auditEventItem,
  eventsOfAccount,
  eventsOfMember,
  eventsOfType,
  fromAuditEventItem,
} from './entities/audit-event.ts';
import { queryPage } from './query-page.ts';
import { MAX_TRANSACTION_ITEMS, put, transact } from './transact.ts';

export const auditStore: AuditStore = {
  /**
   * One Query per page, newest first: by member on GSI1, by type on GSI2, both (GSI1, filtered on type), or the
   * account's whole event partition.
   */
  list(accountId, { userId, type, underPaths }, page) {
    // an admin's view: the same Queries, filtered on the event's unit path (a page may then hold fewer than `limit`)
    const anyPrefix = underPaths ? { attribute: 'unitPath', prefixes: underPaths } : undefined;
    if (userId !== undefined) {
      return queryPage(
        {
          pattern: eventsOfMember,
          key: [accountId, userId],
          filter: type !== undefined ? { attribute: 'type', equals: type } : undefined,
          anyPrefix,
        },
        page,
        fromAuditEventItem,
      );
    }
    if (type !== undefined)
      return queryPage({ pattern: eventsOfType, key: [accountId, type], anyPrefix }, page, fromAuditEventItem);
    return queryPage(
      { pattern: eventsOfAccount, key: [accountId], sortKeyPrefix: eventsOfAccount.prefix, anyPrefix },
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
