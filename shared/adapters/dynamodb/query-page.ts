import { QueryCommand, type QueryCommandInput } from './document.ts';
import type { Page, PageRequest } from '#ports/paging.ts';
import { ddb, tableName } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { KEY_ATTRIBUTES, type Item, type QueryPattern } from './entity.ts';
import { keyCondition } from './query.ts';

interface PageQuery<K extends unknown[]> {
  /** The named access pattern (entities/*.ts): its index, key attributes, partition and order. */
  pattern: QueryPattern<K>;
  /** The pattern's key values (its partition). */
  key: NoInfer<K>;
  /** Optional sort-key condition: begins_with(sort key, prefix). */
  sortKeyPrefix?: string;
  /**
   * Several sort-key prefixes listed one after another (an admin's scope roots): each page is one Query of one of
   * them, so a page that ends a prefix may hold fewer than `limit`; the cursor says which prefix comes next.
   */
  sortKeyPrefixes?: string[];
  /** Optional attribute equality filter (still one Query per page, over a wider window: a page may hold fewer than `limit`). */
  filter?: { attribute: string; equals: string };
  /** Optional filter: the attribute starts with one of these prefixes (an admin's scope paths). */
  anyPrefix?: { attribute: string; prefixes: string[] };
  /**
   * Optional sort-key range (inclusive), e.g. a time window that moves with the clock. It is left out of the cursor
   * binding (the next page's window differs), so name the listing in `listing` instead.
   */
  sortKeyBetween?: [string, string];
  /** Names the listing in the cursor binding when the partition alone does not (two ranges of one partition). */
  listing?: string;
}

const PREFIX_INDEX = '#prefix';

/**
 * A filtered listing (a status, an admin's scope paths) reads up to this many times `limit` items per Query
 * (DynamoDB applies `Limit` before the filter), so that its page fills unless the filter is very selective. The window
 * adapts page by page, carried in the cursor: it starts at the widest, halves after a page that overflowed (a filter
 * that matches most items then reads little more than `limit`) and doubles after a short one. The cursor points at the
 * last item returned, never past an unread match. Still one round trip per page; at most 1 MB read.
 */
const FILTERED_READ_WINDOW = 10;
const WINDOW = '#window';

/**
 * One page = one Query. It asks for limit + 1 items so that a cursor is only handed out when another item exists
 * (a filtered listing reads a wider window, FILTERED_READ_WINDOW);
 * the cursor is signed and bound to this listing (index + partition + prefixes + filters), so it cannot be replayed elsewhere.
 */
export async function queryPage<K extends unknown[], T>(
  q: PageQuery<K>,
  page: PageRequest,
  map: (item: Item) => T,
): Promise<Page<T>> {
  const { pattern } = q;
  const { pk, sk } = KEY_ATTRIBUTES[pattern.index];
  const onIndex = pattern.index !== 'table';
  const partition = pattern.partition(...q.key);
  const prefixes = q.sortKeyPrefixes ?? (q.sortKeyPrefix !== undefined ? [q.sortKeyPrefix] : []);
  const binding =
    `${pattern.index}|${partition}|${prefixes.join(',')}|${pattern.newestFirst ? 'desc' : 'asc'}` +
    `${q.filter ? `|${q.filter.attribute}=${q.filter.equals}` : ''}` +
    `${q.anyPrefix ? `|${q.anyPrefix.attribute}^${q.anyPrefix.prefixes.join(',')}` : ''}${q.listing ? `|${q.listing}` : ''}`;
  const range = q.sortKeyBetween;
  const sealed = decodeCursor(page.cursor, binding);
  const prefixIndex = Number(sealed?.[PREFIX_INDEX] ?? 0);
  const { [PREFIX_INDEX]: _index, [WINDOW]: carried, ...startKey } = sealed ?? {};
  const window = Math.min(
    FILTERED_READ_WINDOW,
    Math.max(1, Number(carried ?? FILTERED_READ_WINDOW) || FILTERED_READ_WINDOW),
  );
  const start = Object.keys(startKey).length ? startKey : undefined;
  if (q.sortKeyPrefixes && prefixIndex >= prefixes.length) return { items: [], nextCursor: null };
  const prefix = prefixes[prefixIndex];
  // a cursor whose key has meanwhile left a moving range (e.g. the link expired) ends the listing: DynamoDB refuses such a start key
  if (start && range && !(String(start[sk]) >= range[0] && String(start[sk]) <= range[1]))
    return { items: [], nextCursor: null };
  const filters: string[] = [];
  const { names, values, ...condition } = keyCondition(pattern, q.key, { prefix, between: range });
  if (q.filter) {
    filters.push('#f = :f');
    names['#f'] = q.filter.attribute;
    values[':f'] = q.filter.equals;
  }
  if (q.anyPrefix) {
    names['#ap'] = q.anyPrefix.attribute;
    for (const [i, p] of q.anyPrefix.prefixes.entries()) values[`:ap${i}`] = p;
    filters.push(`(${q.anyPrefix.prefixes.map((_, i) => `begins_with(#ap, :ap${i})`).join(' OR ')})`);
  }
  const input: QueryCommandInput = {
    TableName: tableName(),
    ...condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
    ScanIndexForward: !pattern.newestFirst,
    Limit: filters.length ? Math.max(page.limit + 1, page.limit * window) : page.limit + 1,
    ExclusiveStartKey: start,
  };
  const out = await ddb.send(new QueryCommand(input));
  const raw = out.Items ?? [];
  // the next page's window (filtered listings only): narrower after an overflow, wider after a short page
  const nextWindow = (overflowed: boolean) =>
    overflowed ? Math.max(1, Math.ceil(window / 2)) : Math.min(FILTERED_READ_WINDOW, window * 2);
  const tag = (key: Item | undefined, overflowed = false): Item | undefined =>
    key
      ? {
          ...key,
          ...(q.sortKeyPrefixes ? { [PREFIX_INDEX]: prefixIndex } : {}),
          ...(filters.length ? { [WINDOW]: nextWindow(overflowed) } : {}),
        }
      : key;
  if (raw.length > page.limit) {
    const last = raw[page.limit - 1];
    const lastKey: Item = { PK: last.PK, SK: last.SK, ...(onIndex ? { [pk]: last[pk], [sk]: last[sk] } : {}) };
    return { items: raw.slice(0, page.limit).map(map), nextCursor: encodeCursor(tag(lastKey, true), binding) };
  }
  // fewer than asked: the end of this prefix, unless DynamoDB stopped early at its 1 MB page size (or a filter)
  if (out.LastEvaluatedKey)
    return { items: raw.map(map), nextCursor: encodeCursor(tag(out.LastEvaluatedKey as Item), binding) };
  const next = q.sortKeyPrefixes && prefixIndex + 1 < prefixes.length ? { [PREFIX_INDEX]: prefixIndex + 1 } : undefined;
  return { items: raw.map(map), nextCursor: encodeCursor(next, binding) };
}
