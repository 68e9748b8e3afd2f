/**
 * API keys of system users. The key text carries where its record is, in a fixed layout,
 * `sbk_<userId>_<keyId>_<secret>`: the authenticator reads the key record, the user and the account in the ONE
 * BatchGetItem a token request costs, then compares the secret's hash in constant time. The secret is 32 random bytes
 * (256 bits, 64 hex digits); only its SHA-256 is stored (a fast hash is enough for a uniformly random secret of that
 * size: there is nothing to guess).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_PREFIX = 'sbk_';
/** Live (stored and not expired) keys a system user may hold at once. */
export const MAX_LIVE_API_KEYS = 10;
/** `lastUsedAt` is written at most this often per key (so it is at most this stale). */
export const LAST_USED_INTERVAL_SECONDS = 60;

/** A key as stored: never its secret, only the secret's hash. */
export interface ApiKey {
  id: string;
  accountId: string;
  userId: string;
  name: string;
  /** The start of the key text (`sbk_…`), shown in lists so that people can tell keys apart. */
  prefix: string;
  secretHash: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const KEY_TEXT = /^sbk_([0-9A-Za-z]{1,64})_([0-9A-Za-z]{1,64})_([0-9a-f]{64})$/;
/** Anything that looks like a key, wherever it appears (headers, query strings): such text goes in Authorization only. */
export const API_KEY_LOOKALIKE = /sbk_[0-9A-Za-z]/;

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** A new key's text and what is stored of it. The secret is shown once, in the answer to its creation. */
export function newApiKeySecret(userId: string, keyId: string): { key: string; prefix: string; secretHash: string } {
  const secret = randomBytes(32).toString('hex');
  const key = `${API_KEY_PREFIX}${userId}_${keyId}_${secret}`;
  return { key, prefix: key.slice(0, key.length - secret.length + 6), secretHash: hashSecret(secret) };
}

/** Where a key's record is and its secret, from the key text; null when the text is not a key's layout. */
export function parseApiKey(text: string): { userId: string; keyId: string; secret: string } | null {
  const match = KEY_TEXT.exec(text);
  return match ? { userId: match[1], keyId: match[2], secret: match[3] } : null;
}

/** The secret against the stored hash, in constant time. */
export function secretMatches(secret: string, secretHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(secretHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export const isExpired = (key: Pick<ApiKey, 'expiresAt'>, now: Date): boolean =>
  key.expiresAt !== null && Date.parse(key.expiresAt) <= now.getTime();

/** Whether this use of the key should record `lastUsedAt` (at most once a minute per key). */
export const lastUseIsStale = (key: Pick<ApiKey, 'lastUsedAt'>, now: Date): boolean =>
  key.lastUsedAt === null || Date.parse(key.lastUsedAt) <= now.getTime() - LAST_USED_INTERVAL_SECONDS * 1000;
