import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord, IdempotencyStore } from '#ports/idempotency.ts';
import { tableDefinition } from '#config/table.ts';
import { ddb, tableName } from './client.ts';
import { keys } from './keys.ts';
import { ignoreConditionFailed, isConditionFailed } from './transact.ts';
import { epochSeconds } from '#domain/clock.ts';

const RETENTION_SECONDS = 24 * 3600;
/** An in-progress claim older than this is taken over: its function died before completing. */
const LOCK_SECONDS = 60;
const TTL = tableDefinition.ttlAttribute;

export const idempotencyStore: IdempotencyStore = {
  async claim(scope, key, requestHash, now) {
    try {
      await ddb.send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keys.idempotency(scope, key),
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
      new GetCommand({ TableName: tableName(), Key: keys.idempotency(scope, key), ConsistentRead: true }),
    );
    if (!Item) return this.claim(scope, key, requestHash, now);
    return { requestHash: Item.requestHash, state: Item.state, response: Item.response } as IdempotencyRecord;
  },

  async complete(scope, key, response, now) {
    await ddb.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.idempotency(scope, key),
        UpdateExpression: 'SET #state = :done, #response = :response, #ttl = :ttl REMOVE lockedUntil',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'response', '#ttl': TTL },
        ExpressionAttributeValues: {
          ':done': 'completed',
          ':response': response,
          ':ttl': epochSeconds(now) + RETENTION_SECONDS,
        },
      }),
    );
  },

  async release(scope, key) {
    await ddb
      .send(
        new DeleteCommand({
          TableName: tableName(),
          Key: keys.idempotency(scope, key),
          ConditionExpression: '#state = :progress',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':progress': 'in_progress' },
        }),
      )
      .catch(ignoreConditionFailed);
  },
};
