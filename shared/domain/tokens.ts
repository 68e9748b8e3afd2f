import { createHash, randomBytes } from 'node:crypto';

/** A link token: 256 bits of randomness, URL-safe. Only its SHA-256 is stored. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');
