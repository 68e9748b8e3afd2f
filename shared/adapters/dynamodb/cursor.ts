import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '#domain/errors.ts';
import { env, settingNames } from '#config/env.ts';

/**
 * Pagination cursors: the LastEvaluatedKey, signed with HMAC over the listing it belongs to (index, partition,
 * filter). A forged cursor, or one taken from another account or listing, fails verification: 400.
 */
let secret: Buffer | undefined;
const key = () => (secret ??= Buffer.from(env(settingNames.cursorSecret), 'utf8'));
const mac = (binding: string, payload: string) => createHmac('sha256', key()).update(`${binding}\n${payload}`).digest().subarray(0, 18);

export function encodeCursor(lastKey: Record<string, unknown> | undefined, binding: string): string | null {
  if (!lastKey) return null;
  const payload = Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url');
  return `${payload}.${mac(binding, payload).toString('base64url')}`;
}

export function decodeCursor(cursor: string | undefined, binding: string): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => new ValidationError([{ path: 'cursor', message: 'is not a valid cursor for this listing' }]);
  const [payload, signature, extra] = cursor.split('.');
  if (!payload || !signature || extra !== undefined) throw invalid();
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(binding, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through: a signed but unreadable cursor is still invalid
  }
  throw invalid();
}
