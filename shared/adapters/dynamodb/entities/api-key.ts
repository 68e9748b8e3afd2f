/**
 * A system user's API keys, in the member's item collection (`USER#<u>#APIKEY#<keyId>`), with the member's count of
 * stored keys beside them (`USER#<u>#APIKEYS`, outside the keys' prefix). The key text names the user and the key, so
 * the authorization read gets the key record by its key, with the user and the account, in one BatchGetItem.
 */
import type { ApiKey } from '#domain/api-key.ts';
import { type EntityShape, type Item, type Key, type Pattern, type QueryPattern, show, strip } from '../entity.ts';
import { accountKey, accountPartition } from './account.ts';
import { userKey } from './user.ts';

const keysPrefix = (userId: string): string => `USER#${userId}#APIKEY#`;
/** The keys and the count item share this prefix: one Query reads both. */
const keysAndCountPrefix = (userId: string): string => `USER#${userId}#APIKEY`;

export const apiKeyKey = (accountId: string, userId: string, keyId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `${keysPrefix(userId)}${keyId}`,
});
/** How many keys the member has stored (expired ones until a create purges them): the limit's exact counter. */
export const apiKeyCountKey = (accountId: string, userId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `USER#${userId}#APIKEYS`,
});

/**
 * A member's keys and their count: the account partition, by the member's key prefix (`…#APIKEY`, which both
 * `…#APIKEY#<k>` and `…#APIKEYS` start with), consistent: the limit is decided on it.
 */
export const apiKeysOf: QueryPattern<[accountId: string]> & { prefix: (userId: string) => string } = {
  name: 'apiKeysOf',
  index: 'table',
  partition: accountPartition,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: /* @__PURE__ */ keysAndCountPrefix('<u>'),
  prefix: keysAndCountPrefix,
  consistent: true,
};

const apiKeyFields = ['id', 'accountId', 'userId', 'name', 'prefix', 'secretHash', 'createdAt', 'lastUsedAt'] as const;
/**
 * The key's own expiry is stored as `keyExpiresAt`: `expiresAt` is the table's TTL attribute, and a key must never be
 * deleted behind the count beside it (the count and the keys change together, in one transaction).
 */
export const apiKeyItem = ({ expiresAt, ...k }: ApiKey): Item => ({
  ...apiKeyKey(k.accountId, k.userId, k.id),
  entity: 'ApiKey',
  ...k,
  keyExpiresAt: expiresAt,
});
export const fromApiKeyItem = (item: Item): ApiKey => ({
  ...strip<Omit<ApiKey, 'expiresAt'>>(item, apiKeyFields),
  expiresAt: (item.keyExpiresAt as string | null | undefined) ?? null,
});
export const isApiKey = (item: Item): boolean => item.entity === 'ApiKey';
export const isApiKeyCount = (item: Item): boolean => item.entity === 'ApiKeyCount';

export const apiKeyEntities: EntityShape[] = [
  {
    name: 'API key (of a system user)',
    key: () => apiKeyKey('<accountId>', '<userId>', '<keyId>'),
    notes: () =>
      'name, prefix, SHA-256 of the secret (never the secret), createdAt, `keyExpiresAt` (not the TTL attribute: the count beside the keys must stay exact), lastUsedAt',
  },
  {
    name: 'API key count',
    key: () => apiKeyCountKey('<accountId>', '<userId>'),
    notes: () => '`count` of stored keys: set on condition of the value read, so the limit of live keys is exact',
  },
];

export const apiKeyPatterns: Pattern[] = [
  {
    name: 'accessByApiKey',
    summary: 'authorize a request with an API key: the key record, the system user, the account',
    operation: 'BatchGetItem, consistent (+ at most once a minute per key an UpdateItem of lastUsedAt, conditional)',
    index: 'table',
    keyCondition: () =>
      `${[apiKeyKey('<a>', '<u>', '<k>'), userKey('<a>', '<u>'), accountKey('<a>')].map(show).join(', ')}`,
    roundTrips: '1 (+1 write a minute per key)',
    cost: '3 RCU (+1 WCU a minute per key)',
  },
  {
    query: apiKeysOf,
    summary: "a system user's API keys and their count (at most 10 live; expired ones until a create purges them)",
    roundTrips: '1',
    cost: '≤ 1 RCU',
  },
  {
    name: 'createApiKey',
    summary: 'create an API key',
    operation:
      'Query the keys and the count (apiKeysOf); TransactWriteItems: key, count (condition: ' +
      'as read), deletes of expired keys, a check that the member is not closed, event',
    index: 'table',
    keyCondition: () => `${show(apiKeyKey('<a>', '<u>', '<k>'))}, ${show(apiKeyCountKey('<a>', '<u>'))}`,
    roundTrips: '2 (+ the member read and scope)',
    cost: '≈ 6 WCU',
  },
  {
    name: 'revokeApiKey',
    summary: 'revoke (delete) an API key',
    operation:
      'TransactWriteItems: key delete (condition: exists), count − 1, event (closing the member: all their keys, count − n)',
    index: 'table',
    keyCondition: () => `${show(apiKeyKey('<a>', '<u>', '<k>'))}, ${show(apiKeyCountKey('<a>', '<u>'))}`,
    roundTrips: '1 (+ the member read and scope)',
    cost: '≈ 6 WCU',
  },
];
