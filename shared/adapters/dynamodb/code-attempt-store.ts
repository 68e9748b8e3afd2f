import { GetCommand, UpdateCommand, type UpdateCommandInput } from './document.ts';
import { epochSeconds } from '#domain/clock.ts';
import {
  MFA_CODE_ATTEMPTS,
  MFA_CODE_WINDOW_SECONDS,
  secondsUntilWindowEnds,
  tooManyCodeAttempts,
  windowIsOver,
} from '#domain/code-attempts.ts';
import type { CodeAttemptStore } from '#ports/identities.ts';
import { ddb, tableName } from './client.ts';
import { TTL } from './entity.ts';
import { CODE_ATTEMPTS_ENTITY, codeAttemptsKey } from './entities/code-attempts.ts';
import { isConditionFailed } from './transact.ts';

/** Runs a conditional UpdateItem; null when its condition failed. */
async function conditionally(input: Omit<UpdateCommandInput, 'TableName'>) {
  try {
    return await ddb.send(new UpdateCommand({ ReturnValues: 'ALL_NEW', ...input, TableName: tableName() }));
  } catch (error) {
    if (isConditionFailed(error)) return null;
    throw error;
  }
}

/**
 * One conditional UpdateItem starts a new window (none yet, over, or emptied by right codes) with this attempt; else
 * another adds it to the current window while that holds fewer than the limit. Both refusing means the window is
 * full: a GetItem tells how long it still runs (a window that ended meanwhile is tried once more).
 */
export const codeAttemptStore: CodeAttemptStore = {
  async reserve(identityId, now) {
    const key = codeAttemptsKey(identityId);
    for (let round = 0; round < 2; round++) {
      const at = epochSeconds(now);
      const values = { ':one': 1, ':windowAgo': at - MFA_CODE_WINDOW_SECONDS };
      const started = await conditionally({
        Key: key,
        UpdateExpression: 'SET entity = :entity, windowStart = :now, attempts = :one, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(PK) OR windowStart <= :windowAgo OR attempts < :one',
        ExpressionAttributeValues: {
          ...values,
          ':entity': CODE_ATTEMPTS_ENTITY,
          ':now': at,
          ':ttl': at + MFA_CODE_WINDOW_SECONDS,
        },
        ExpressionAttributeNames: { '#ttl': TTL },
      });
      if (started) return { windowStart: at };
      const counted = await conditionally({
        Key: key,
        UpdateExpression: 'ADD attempts :one',
        ConditionExpression: 'windowStart > :windowAgo AND attempts < :max',
        ExpressionAttributeValues: { ...values, ':max': MFA_CODE_ATTEMPTS },
      });
      if (counted) return { windowStart: counted.Attributes?.windowStart as number };
      const { Item } = await ddb.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
      const current = Item ? { windowStart: Item.windowStart as number, attempts: Item.attempts as number } : null;
      if (current && !windowIsOver(current, at))
        throw tooManyCodeAttempts(secondsUntilWindowEnds(current.windowStart, at));
    }
    throw tooManyCodeAttempts(1);
  },

  async release(identityId, windowStart) {
    await conditionally({
      Key: codeAttemptsKey(identityId),
      UpdateExpression: 'ADD attempts :minusOne',
      ConditionExpression: 'windowStart = :windowStart AND attempts > :zero',
      ExpressionAttributeValues: { ':minusOne': -1, ':windowStart': windowStart, ':zero': 0 },
      ReturnValues: 'NONE',
    });
  },
};
