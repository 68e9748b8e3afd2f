import type { AuditStore } from '#ports/audit.ts';
import { createHash } from 'node:crypto';
import { UpdateCommand } from './document.ts';
import { epochSeconds } from '#domain/clock.ts';
import { TTL } from './entity.ts';
import { ddb, tableName } from './client.ts';
import {
  AGGREGATE_TALLY_SECONDS,
  aggregateTallyKey,
  aggregatedAuditEventUpdate,
  auditEventItem,
  eventsOfAccount,
  eventsOfMember,
  eventsOfType,
  fromAuditEventItem,
} from './entities/audit-event.ts';
import { queryPage } from './query-page.ts';
import { ignoreConditionFailed, MAX_TRANSACTION_ITEMS, put, transact } from './transact.ts';

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

  /**
   * The tally first (one UpdateItem: its count, and the event id of the first occurrence), then each account's event
   * with that count, in parallel; a writer with a lower count than the event already shows changes nothing.
   */
  async aggregate(key, at, newId, build) {
    const { Attributes } = await ddb.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: aggregateTallyKey(createHash('sha256').update(key, 'utf8').digest('hex')),
        UpdateExpression:
          'SET entity = :entity, eventId = if_not_exists(eventId, :id), #ttl = if_not_exists(#ttl, :ttl) ADD #count :one',
        ExpressionAttributeValues: {
          ':entity': 'AggregateTally',
          ':id': newId,
          ':ttl': epochSeconds(at) + AGGREGATE_TALLY_SECONDS,
          ':one': 1,
        },
        ExpressionAttributeNames: { '#ttl': TTL, '#count': 'count' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const eventId = Attributes?.eventId as string;
    const count = Attributes?.count as number;
    await Promise.all(
      build(eventId).map(async (e) => {
        const { key: eventKey, expression, condition, values, names } = aggregatedAuditEventUpdate(e, count);
        try {
          await ddb.send(
            new UpdateCommand({
              TableName: tableName(),
              Key: eventKey,
              UpdateExpression: expression,
              ConditionExpression: condition,
              ExpressionAttributeValues: values,
              ExpressionAttributeNames: names,
            }),
          );
        } catch (error) {
          ignoreConditionFailed(error);
        }
      }),
    );
  },
};
