import { ValidationError } from '#domain/errors.ts';
import { sealer } from '../sealed.ts';

/**
 * Pagination cursors: the LastEvaluatedKey, sealed (shared/adapters/sealed.ts) under a label naming the listing it
 * belongs to (index, partition, filter). A forged cursor, or one taken from another account or listing, fails: 400.
 */
const listing = (binding: string) => sealer(`switchboard/cursor/v1\n${binding}`, 'cursor');

export function encodeCursor(lastKey: Record<string, unknown> | undefined, binding: string): string | null {
  return lastKey ? listing(binding).seal(lastKey) : null;
}

export function decodeCursor(cursor: string | undefined, binding: string): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  const key = listing(binding).open(cursor);
  if (!key) throw new ValidationError([{ path: 'cursor', message: 'is not a valid cursor for this listing' }]);
  return key;
}
