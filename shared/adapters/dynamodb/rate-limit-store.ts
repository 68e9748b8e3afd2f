import { UpdateCommand } from './document.ts';
import { epochSeconds } from '#domain/clock.ts';
import type { RateLimiter } from '#ports/rate-limit.ts';
import { envInt, settingNames } from '#config/env.ts';
import { ddb, tableName } from './client.ts';
import { TTL } from './entity.ts';
import { RATE_WINDOW_ENTITY, RATE_WINDOW_TTL_SECONDS, scimRateWindowKey } from './entities/rate-window.ts';
import { conditionHeld } from './transact.ts';

/** SCIM requests an account may make in one second, unless SCIM_RATE_LIMIT_PER_SECOND says otherwise. */
export const SCIM_RATE_LIMIT_PER_SECOND = 50;

/**
 * A fixed one-second window per account: ONE conditional UpdateItem counts the request while the window holds fewer
 * than `limit()`; a refused condition means the second's budget is spent (the caller answers 429, Retry-After 1).
 * Windows are never read; TTL removes them a minute later.
 */
export function fixedWindowRateLimit(limit: () => number): RateLimiter {
  return {
    async take(accountId, now) {
      const second = epochSeconds(now);
      return conditionHeld(
        ddb.send(
          new UpdateCommand({
            TableName: tableName(),
            Key: scimRateWindowKey(accountId, second),
            UpdateExpression: 'SET entity = :entity, #ttl = :ttl ADD n :one',
            ConditionExpression: 'attribute_not_exists(n) OR n < :limit',
            ExpressionAttributeNames: { '#ttl': TTL },
            ExpressionAttributeValues: {
              ':entity': RATE_WINDOW_ENTITY,
              ':ttl': second + RATE_WINDOW_TTL_SECONDS,
              ':one': 1,
              ':limit': limit(),
            },
          }),
        ),
      );
    },
  };
}

let configured: number | undefined;
/** The SCIM routes' limiter: the limit from the environment (read once per container). */
export const scimRateLimit: RateLimiter = fixedWindowRateLimit(
  () => (configured ??= envInt(settingNames.scimRateLimitPerSecond, SCIM_RATE_LIMIT_PER_SECOND)),
);
