/**
 * RS256 access-token verification with node:crypto: the pool's JWKS fetched once per container (kept 6 hours, fetched
 * again for an unknown key id at most every 30 s), the signature checked against the key the header names, only
 * RS256, then expiry, issue time and issuer. What jose did for us, without its ~18 KB in every member function.
 */
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

type Jwk = JsonWebKey & { kid?: string; use?: string; kty?: string; alg?: string };

const KEYS_MAX_AGE_MS = 6 * 3600_000;
const REFETCH_COOLDOWN_MS = 30_000;
const FETCH_TIMEOUT_MS = 5_000;

const keys = new Map<string, KeyObject>();
let fetchedFrom = '';
let fetchedAt = 0;
let inflight: Promise<void> | undefined;
/** After a failed fetch, requests answer 401 for a few seconds instead of each fetching again. */
const FAILURE_COOLDOWN_MS = 5_000;
let failedAt = 0;

async function fetchKeys(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
  const body = (await response.json()) as { keys?: Jwk[] };
  const next = new Map<string, KeyObject>();
  for (const jwk of body.keys ?? []) {
    if (jwk.kty !== 'RSA' || !jwk.kid || (jwk.use && jwk.use !== 'sig') || (jwk.alg && jwk.alg !== 'RS256')) continue;
    next.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
  }
  keys.clear();
  for (const [kid, key] of next) keys.set(kid, key);
  fetchedFrom = url;
  fetchedAt = Date.now();
}

async function keyFor(url: string, kid: string): Promise<KeyObject | undefined> {
  const age = Date.now() - fetchedAt;
  const due = fetchedFrom !== url || age > KEYS_MAX_AGE_MS || (!keys.has(kid) && age > REFETCH_COOLDOWN_MS);
  if (due && Date.now() - failedAt > FAILURE_COOLDOWN_MS) {
    inflight ??= fetchKeys(url)
      .catch(() => {
        failedAt = Date.now();
      })
      .finally(() => {
        inflight = undefined;
      });
    await inflight;
  }
  // keys are only ever those of this issuer's set (a failed fetch keeps the last good ones of the same set)
  return fetchedFrom === url ? keys.get(kid) : undefined;
}

const json = (part: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Record<string, unknown>;
};

/** The token's claims if it is a well-formed RS256 JWT signed by the pool, unexpired, issued by `issuer`; throws otherwise. */
export async function verifyRs256(
  token: string,
  options: { jwksUrl: string; issuer: string; clockToleranceSeconds: number; now?: number },
): Promise<Record<string, unknown>> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => p === '')) throw new Error('not a signed JWT');
  const header = json(parts[0]);
  if (header.alg !== 'RS256' || typeof header.kid !== 'string' || header.crit !== undefined)
    throw new Error('unexpected token header');
  const key = await keyFor(options.jwksUrl, header.kid);
  if (!key) throw new Error('unknown signing key');
  if (!verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url')))
    throw new Error('bad signature');
  const claims = json(parts[1]);
  const now = options.now ?? Date.now() / 1000;
  const tolerance = options.clockToleranceSeconds;
  if (typeof claims.exp !== 'number' || claims.exp <= now - tolerance) throw new Error('expired');
  if (typeof claims.iat !== 'number' || claims.iat > now + tolerance) throw new Error('issued in the future');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now + tolerance))
    throw new Error('not yet valid');
  if (claims.iss !== options.issuer) throw new Error('wrong issuer');
  return claims;
}
