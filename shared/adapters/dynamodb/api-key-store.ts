/** The API keys of system users (entities/api-key.ts): records, an exact count per member, the last use. */
import { UpdateCommand } from './document.ts';
import type { ApiKey } from '#domain/api-key.ts';
import type { AuditEvent } from '#domain/audit.ts';
import { MemberClosedError, NotFoundError } from '#domain/errors.ts';
import { ApiKeyCountChangedError, type ApiKeyStore } from '#ports/api-keys.ts';
import { ddb, tableName } from './client.ts';
import {
  apiKeyCountKey,
  apiKeyItem,
  apiKeyKey,
  apiKeysOf,
  fromApiKeyItem,
  isApiKey,
  isApiKeyCount,
} from './entities/api-key.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { userKey } from './entities/user.ts';
import { queryAll, queryInput } from './query.ts';
import { check, del, ignoreConditionFailed, put, transact, update, type Step } from './transact.ts';

/**
 * Keys of one member revoked: each record deleted (it must be there) and the member's count down by as many, in one
 * Update (a transaction may touch the counter once), with the events. Closing a member reuses it for all their keys.
 */
export function revokeApiKeysSteps(keys: ApiKey[], events: AuditEvent[]): Step[] {
  if (keys.length === 0) return [];
  const [{ accountId, userId }] = keys;
  return [
    ...keys.map((key) => ({
      item: del(apiKeyKey(key.accountId, key.userId, key.id), 'attribute_exists(PK)'),
      onConditionFailed: () => new NotFoundError('No such API key'),
    })),
    {
      item: update(
        apiKeyCountKey(accountId, userId),
        'ADD #count :minus',
        'attribute_exists(PK)',
        { ':minus': -keys.length },
        {
          '#count': 'count',
        },
      ),
    },
    ...events.map((event) => ({ item: put(auditEventItem(event)) })),
  ];
}

/**
 * The key's last use, written when the stored one is older than `staleBefore` (a conditional Update; a fresher one
 * is left). Its own function, so that authentication bundles it without the rest of the store.
 */
export async function touchApiKey(key: ApiKey, at: Date, staleBefore: Date): Promise<void> {
  await ddb
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: apiKeyKey(key.accountId, key.userId, key.id),
        UpdateExpression: 'SET lastUsedAt = :at',
        ConditionExpression:
          'attribute_exists(PK) AND (attribute_not_exists(lastUsedAt) OR attribute_type(lastUsedAt, :null) OR lastUsedAt < :stale)',
        ExpressionAttributeValues: { ':at': at.toISOString(), ':stale': staleBefore.toISOString(), ':null': 'NULL' },
      }),
    )
    .catch(ignoreConditionFailed);
}

export const apiKeyStore: ApiKeyStore = {
  async list(accountId, userId) {
    const keys: ApiKey[] = [];
    let count = 0;
    const items = await queryAll((start) =>
      queryInput(apiKeysOf, [accountId], { prefix: apiKeysOf.prefix(userId), start }),
    );
    for (const item of items) {
      if (isApiKey(item)) keys.push(fromApiKeyItem(item));
      else if (isApiKeyCount(item)) count = Number(item.count ?? 0);
    }
    return { keys, count };
  },

  async create({ key, count, purge, event }) {
    const counter = apiKeyCountKey(key.accountId, key.userId);
    await transact([
      { item: put(apiKeyItem(key), 'attribute_not_exists(PK)') },
      ...purge.map((k) => ({ item: del(apiKeyKey(k.accountId, k.userId, k.id), 'attribute_exists(PK)') })),
      {
        // the count as read, or no counter yet when none was read: a concurrent create or revoke changed it
        item: update(
          counter,
          'SET #count = :next, entity = :entity',
          count === 0 ? 'attribute_not_exists(PK) OR #count = :read' : '#count = :read',
          { ':next': count - purge.length + 1, ':read': count, ':entity': 'ApiKeyCount' },
          { '#count': 'count' },
        ),
        onConditionFailed: () => new ApiKeyCountChangedError(),
      },
      {
        // the member is still open: a close that won the race leaves no key behind it
        item: check(
          userKey(key.accountId, key.userId),
          'attribute_not_exists(#s) OR #s <> :closed',
          { ':closed': 'closed' },
          { '#s': 'status' },
        ),
        onConditionFailed: () => new MemberClosedError('A closed member cannot be given an API key'),
      },
      { item: put(auditEventItem(event)) },
    ]);
  },

  async revoke(key, event) {
    await transact(revokeApiKeysSteps([key], [event]));
  },

  touch: touchApiKey,
};
