/** The RS256 verifier behind every member route, against a JWKS served on 127.0.0.1 and tokens signed here. */
import { createServer } from 'node:http';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifyRs256 } from '#http/jwt.ts';
import { nowSeconds, startJwks, type PrivateKey } from '../support/jwks.ts';

let jwks: Awaited<ReturnType<typeof startJwks>>;
let jwksUrl: string;
let signing: PrivateKey;
let stranger: PrivateKey;
const issuer = 'https://issuer.test/pool';
const now = nowSeconds;

beforeAll(async () => {
  jwks = await startJwks();
  signing = jwks.privateKey;
  stranger = (await generateKeyPair('RS256')).privateKey;
  jwksUrl = `${jwks.origin}/jwks.json`;
});
afterAll(() => jwks.close());

const sign = (over: { key?: PrivateKey; kid?: string; iss?: string; iat?: number; exp?: number } = {}) =>
  new SignJWT({ token_use: 'access' })
    .setProtectedHeader({ alg: 'RS256', kid: over.kid ?? 'k1' })
    .setSubject('sub-1')
    .setIssuer(over.iss ?? issuer)
    .setIssuedAt(over.iat ?? now())
    .setExpirationTime(over.exp ?? now() + 3600)
    .sign(over.key ?? signing);
const check = (token: string) => verifyRs256(token, { jwksUrl, issuer, clockToleranceSeconds: 5 });
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('verifyRs256', () => {
  it('accepts a token signed by a key of the set (positive control) and returns its claims', async () => {
    await expect(check(await sign())).resolves.toMatchObject({ sub: 'sub-1', iss: issuer, token_use: 'access' });
  });

  it('refuses another key’s signature, an unknown key id, and a payload changed after signing', async () => {
    await expect(check(await sign({ key: stranger }))).rejects.toThrow(/signature/);
    await expect(check(await sign({ kid: 'k2' }))).rejects.toThrow(/unknown signing key/);
    const [h, , s] = (await sign()).split('.');
    await expect(
      check(`${h}.${b64({ sub: 'someone-else', iss: issuer, iat: now(), exp: now() + 60 })}.${s}`),
    ).rejects.toThrow(/signature/);
  });

  it('refuses other algorithms (none, HS256) whatever the signature', async () => {
    const payload = b64({ sub: 'sub-1', iss: issuer, iat: now(), exp: now() + 60 });
    await expect(check(`${b64({ alg: 'none', kid: 'k1' })}.${payload}.x`)).rejects.toThrow(/header/);
    await expect(
      check(`${b64({ alg: 'HS256', kid: 'k1' })}.${payload}.${Buffer.from('sig').toString('base64url')}`),
    ).rejects.toThrow(/header/);
    await expect(check(`${b64({ alg: 'RS256', kid: 'k1' })}.${payload}.`)).rejects.toThrow(/not a signed JWT/);
  });

  it('refuses an expired token, one issued in the future and one from another issuer (tolerance 5 s)', async () => {
    await expect(check(await sign({ iat: now() - 3600, exp: now() - 10 }))).rejects.toThrow(/expired/);
    await expect(check(await sign({ iat: now() - 3600, exp: now() - 2 }))).resolves.toBeDefined();
    await expect(check(await sign({ iat: now() + 60 }))).rejects.toThrow(/future/);
    await expect(check(await sign({ iss: 'https://elsewhere.test/pool' }))).rejects.toThrow(/issuer/);
  });
});

describe('verifyRs256 when the key set cannot be fetched', () => {
  // last in this file: the failure cooldown is per process
  it('refuses the token, and fetches again only after a few seconds rather than on every request', async () => {
    let hits = 0;
    const failing = createServer((_req, res) => {
      hits++;
      res.writeHead(503).end();
    });
    await new Promise<void>((ready) => failing.listen(0, '127.0.0.1', ready));
    const url = `http://127.0.0.1:${(failing.address() as { port: number }).port}/jwks.json`;
    try {
      const token = await sign();
      await expect(verifyRs256(token, { jwksUrl: url, issuer, clockToleranceSeconds: 5 })).rejects.toThrow(
        /unknown signing key/,
      );
      await expect(verifyRs256(token, { jwksUrl: url, issuer, clockToleranceSeconds: 5 })).rejects.toThrow(
        /unknown signing key/,
      );
      expect(hits).toBe(1);
      // once the cooldown (5 s) has passed, the next request fetches again
      const later = Date.now() + 6_000;
      vi.spyOn(Date, 'now').mockReturnValue(later);
      await expect(verifyRs256(token, { jwksUrl: url, issuer, clockToleranceSeconds: 5 })).rejects.toThrow(
        /unknown signing key/,
      );
      expect(hits).toBe(2);
    } finally {
      vi.restoreAllMocks();
      await new Promise((done) => failing.close(done));
    }
  });
});
