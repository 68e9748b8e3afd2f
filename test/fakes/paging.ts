/**
 * Pages of an in-memory listing the way the DynamoDB adapters hand them out (shared/adapters/dynamodb/query-page.ts):
 * sorted by a key, `limit` items a page, a cursor only while more remain, and a cursor that belongs to its
 * listing: one from another account, filter or listing, or a forged one, is a ValidationError.
 */
import { ValidationError } from '#domain/errors.ts';
import type { Page, PageRequest } from '#ports/paging.ts';

const invalid = () => new ValidationError([{ path: 'cursor', message: 'is not a valid cursor for this listing' }]);

function openCursor(cursor: string, listing: string): string {
  try {
    const data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { l?: unknown; k?: unknown };
    if (data.l === listing && typeof data.k === 'string') return data.k;
  } catch {
    // falls through: not one of ours
  }
  throw invalid();
}

/** `sortKey` orders the listing (unique per item); `newestFirst` reads it descending. */
export function pageOf<T>(
  items: T[],
  page: PageRequest,
  listing: string,
  sortKey: (item: T) => string,
  newestFirst = false,
): Page<T> {
  const after = page.cursor === undefined ? undefined : openCursor(page.cursor, listing);
  const sorted = items
    .map((item) => ({ item, key: sortKey(item) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) * (newestFirst ? -1 : 1));
  const rest = after === undefined ? sorted : sorted.filter(({ key }) => (newestFirst ? key < after : key > after));
  const slice = rest.slice(0, page.limit);
  const more = rest.length > page.limit;
  const last = slice.at(-1);
  return {
    items: slice.map(({ item }) => item),
    nextCursor:
      more && last ? Buffer.from(JSON.stringify({ l: listing, k: last.key }), 'utf8').toString('base64url') : null,
  };
}
