import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sealingKey } from './sealing-keys.ts';

/**
 * What the hosted pages keep of a person between requests, ENCRYPTED (AES-256-GCM under the `page-session` sealing
 * key), not just signed like a cursor: the access token of the browser session (an HttpOnly cookie), and during MFA
 * enrolment the access token and the new TOTP secret (a hidden form field, so that a mistyped code can be tried again
 * with the same QR code). A leaked cookie or form is no bearer token for the JSON API or for the identity provider's
 * own endpoints, and nothing in it can be read or changed. The kind is bound in as associated data, so a value of
 * one kind never opens as another; each value carries its expiry (for a token: the token's own).
 */
export type PageSessionKind = 'session' | 'mfa-setup' | 'mfa-secret';

export interface PageSessionValue {
  accessToken?: string;
  secret?: string;
}

const VERSION = 'v1';
const TAG_BYTES = 16;
const aad = (kind: PageSessionKind) => Buffer.from(`switchboard/page-session/${kind}/${VERSION}`, 'utf8');

/** The token's `exp` (epoch seconds) as it says, unverified: the authenticator verifies it on every request. */
export function tokenExpiry(jwt: string): number | null {
  const payload = jwt.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp : null;
  } catch {
    return null;
  }
}

/** `expiresAt`: epoch seconds after which the value no longer opens. */
export function sealPageSession(kind: PageSessionKind, value: PageSessionValue, expiresAt: number): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey('page-session'), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(kind));
  const plain = JSON.stringify({ a: value.accessToken, s: value.secret, x: expiresAt });
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, ...[iv, body, cipher.getAuthTag()].map((part) => part.toString('base64url'))].join('.');
}

/** The value, or null when it is malformed, forged, of another kind, or expired. */
export function openPageSession(
  kind: PageSessionKind,
  sealed: string | undefined,
  now = Date.now(),
): PageSessionValue | null {
  const [version, iv, body, tag, extra] = (sealed ?? '').split('.');
  if (version !== VERSION || !iv || !body || !tag || extra !== undefined) return null;
  const authTag = Buffer.from(tag, 'base64url');
  // a shortened tag would otherwise be accepted: only the full 16 bytes
  if (authTag.length !== TAG_BYTES) return null;
  let data: { a?: unknown; s?: unknown; x?: unknown };
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey('page-session'), Buffer.from(iv, 'base64url'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(aad(kind));
    decipher.setAuthTag(authTag);
    const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    data = JSON.parse(plain.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof data.x !== 'number' || data.x * 1000 <= now) return null;
  return {
    ...(typeof data.a === 'string' ? { accessToken: data.a } : {}),
    ...(typeof data.s === 'string' ? { secret: data.s } : {}),
  };
}
