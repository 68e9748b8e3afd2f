import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest } from '#ports/stores.ts';
import { ddb, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Item } from './items.ts';

interface PageQuery {
  /** Undefined for the base table. */
  index?: 'GSI1' | 'GSI2' | 'GSI3' | 'GSI4';
  partition: string;
  /** Descending order (newest first for time-ordered keys). */
  newestFirst?: boolean;
  /** Optional sort-key condition, e.g. begins_with(#sk, :prefix). */
  sortKeyPrefix?: string;
}

/**
 * One page = one Query. It asks for limit + 1 items so that a cursor is only handed out when another item exists;
 * the cursor is signed and bound to this listing (index + partition), so it cannot be replayed elsewhere.
 */
export async function queryPage<T>(q: PageQuery, page: PageRequest, map: (item: Item) => T): Promise<Page<T>> {
  const pk = q.index ? `${q.index}PK` : 'PK';
  const sk = q.index ? `${q.index}SK` : 'SK';
  const binding = `${q.index ?? 'table'}|${q.partition}|${q.sortKeyPrefix ?? ''}|${q.newestFirst ? 'desc' : 'asc'}`;
  const input: QueryCommandInput = {
    TableName: tableName(),
    IndexName: q.index,
    KeyConditionExpression: q.sortKeyPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
    ExpressionAttributeNames: q.sortKeyPrefix ? { '#pk': pk, '#sk': sk } : { '#pk': pk },
    ExpressionAttributeValues: q.sortKeyPrefix ? { ':pk': q.partition, ':prefix': q.sortKeyPrefix } : { ':pk': q.partition },
    ScanIndexForward: !q.newestFirst,
    Limit: page.limit + 1,
    ExclusiveStartKey: decodeCursor(page.cursor, binding),
  };
  const out = await ddb.send(new QueryCommand(input));
  const raw = out.Items ?? [];
  if (raw.length > page.limit) {
    const last = raw[page.limit - 1];
    const lastKey: Item = { PK: last.PK, SK: last.SK, ...(q.index ? { [pk]: last[pk], [sk]: last[sk] } : {}) };
    return { items: raw.slice(0, page.limit).map(map), nextCursor: encodeCursor(lastKey, binding) };
  }
  // fewer than asked: the end, unless DynamoDB stopped early at its 1 MB page size
  return { items: raw.map(map), nextCursor: encodeCursor(out.LastEvaluatedKey, binding) };
}
