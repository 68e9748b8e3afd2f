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
  /** Optional attribute equality filter (still one Query per page: a page may then hold fewer than `limit`). */
  filter?: { attribute: string; equals: string };
  /**
   * Optional sort-key range (inclusive), e.g. a time window that moves with the clock. It is left out of the cursor
   * binding (the next page's window differs), so name the listing in `listing` instead.
   */
  sortKeyBetween?: [string, string];
  /** Names the listing in the cursor binding when the partition alone does not (two ranges of one partition). */
  listing?: string;
}

/**
 * One page = one Query. It asks for limit + 1 items so that a cursor is only handed out when another item exists;
 * the cursor is signed and bound to this listing (index + partition), so it cannot be replayed elsewhere.
 */
export async function queryPage<T>(q: PageQuery, page: PageRequest, map: (item: Item) => T): Promise<Page<T>> {
  const pk = q.index ? `${q.index}PK` : 'PK';
  const sk = q.index ? `${q.index}SK` : 'SK';
  const binding = `${q.index ?? 'table'}|${q.partition}|${q.sortKeyPrefix ?? ''}|${q.newestFirst ? 'desc' : 'asc'}${q.filter ? `|${q.filter.attribute}=${q.filter.equals}` : ''}${q.listing ? `|${q.listing}` : ''}`;
  const range = q.sortKeyBetween;
  const start = decodeCursor(page.cursor, binding);
  // a cursor whose key has meanwhile left a moving range (e.g. the link expired) ends the listing: DynamoDB refuses such a start key
  if (start && range && !(String(start[sk]) >= range[0] && String(start[sk]) <= range[1])) return { items: [], nextCursor: null };
  const input: QueryCommandInput = {
    TableName: tableName(),
    IndexName: q.index,
    KeyConditionExpression: q.sortKeyPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : range ? '#pk = :pk AND #sk BETWEEN :lo AND :hi' : '#pk = :pk',
    ExpressionAttributeNames: { '#pk': pk, ...(q.sortKeyPrefix || range ? { '#sk': sk } : {}), ...(q.filter ? { '#f': q.filter.attribute } : {}) },
    ExpressionAttributeValues: { ':pk': q.partition, ...(q.sortKeyPrefix ? { ':prefix': q.sortKeyPrefix } : {}), ...(range ? { ':lo': range[0], ':hi': range[1] } : {}), ...(q.filter ? { ':f': q.filter.equals } : {}) },
    ...(q.filter ? { FilterExpression: '#f = :f' } : {}),
    ScanIndexForward: !q.newestFirst,
    Limit: page.limit + 1,
    ExclusiveStartKey: start,
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
