import { DeleteCommand, GetCommand, PutCommand } from './document.ts';
import type { IdempotencyRecord, IdempotencyStore } from '#ports/idempotency.ts';
import { ddb, tableName } from './client.ts';
import { TTL } from './entity.ts';
import { idempotencyKey } from './entities/idempotency.ts';
import { ignoreConditionFailed, isConditionFailed, update, updateItem } from './transact.ts';
import { epochSeconds } from '#domain/clock.ts';

const RETENTION_SECONDS = 24 * 3600;
/** An in-progress claim older than this is taken over: its function died before completing. */
const LOCK_SECONDS = 60;

export const idempotencyStore: IdempotencyStore = {
  async claim(scope, key, requestHash, now) {
    try {
      await ddb.send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...idempotencyKey(scope, key),
            entity: 'Idempotency',
            requestHash,
            state: 'in_progress',
            lockedUntil: epochSeconds(now) + LOCK_SECONDS,
            [TTL]: epochSeconds(now) + RETENTION_SECONDS,
          },
          // free, expired (TTL lag), or an abandoned in-progress claim
          ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now OR (#state = :progress AND lockedUntil < :now)',
          ExpressionAttributeNames: { '#ttl': TTL, '#state': 'state' },
          ExpressionAttributeValues: { ':now': epochSeconds(now), ':progress': 'in_progress' },
        }),
      );
      return null;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: idempotencyKey(scope, key), ConsistentRead: true }),
    );
    if (!Item) return this.claim(scope, key, requestHash, now);
    return { requestHash: Item.requestHash, state: Item.state, response: Item.response } as IdempotencyRecord;
  },

  async complete(scope, key, response, now) {
    await updateItem(
      update(
        idempotencyKey(scope, key),
        'SET #state = :done, #response = :response, #ttl = :ttl REMOVE lockedUntil',
        undefined,
        { ':done': 'completed', ':response': response, ':ttl': epochSeconds(now) + RETENTION_SECONDS },
        { '#state': 'state', '#response': 'response', '#ttl': TTL },
      ),
    );
  },

  async release(scope, key) {
    await ddb
      .send(
        new DeleteCommand({
          TableName: tableName(),
          Key: idempotencyKey(scope, key),
          ConditionExpression: '#state = :progress',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':progress': 'in_progress' },
        }),
      )
      .catch(ignoreConditionFailed);
  },
};
