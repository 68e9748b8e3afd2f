import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { sealingKey } from './sealing-keys.ts';

/**
 * What the hosted pages keep of a signed-in person between requests: their access token, ENCRYPTED (AES-256-GCM under
 * the `page-session` sealing key), not just signed like a cursor. The browser holds it in an HttpOnly cookie (or, for
 * the MFA enrolment step of a sign-in, in a hidden field): a leaked cookie is no bearer token for the JSON API or for
 * the identity provider's own endpoints, and nothing in it can be read or changed. The kind is bound in as associated
 * data, so a value of one kind never opens as another. The expiry is the token's own (`exp`), checked here too.
 */
export type PageSessionKind = 'session' | 'mfa-setup';

const VERSION = 'v1';
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

export function sealPageSession(kind: PageSessionKind, accessToken: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey('page-session'), iv);
  cipher.setAAD(aad(kind));
  const body = Buffer.concat([cipher.update(accessToken, 'utf8'), cipher.final()]);
  return [VERSION, iv, body, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** The access token, or null when the value is malformed, forged, of another kind, or its token has expired. */
export function openPageSession(kind: PageSessionKind, sealed: string | undefined, now = Date.now()): string | null {
  const [version, iv, body, tag, extra] = (sealed ?? '').split('.');
  if (version !== VERSION || !iv || !body || !tag || extra !== undefined) return null;
  const authTag = Buffer.from(tag, 'base64url');
  // a shortened tag would be accepted by default: only the full 16 bytes
  if (authTag.length !== 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey('page-session'), Buffer.from(iv, 'base64url'), {
      authTagLength: 16,
    });
    decipher.setAAD(aad(kind));
    decipher.setAuthTag(authTag);
    const token = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    const exp = tokenExpiry(token);
    return exp !== null && exp * 1000 > now ? token : null;
  } catch {
    return null;
  }
}
