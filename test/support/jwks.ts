/** A key pair and its JWKS served on 127.0.0.1, for tests that verify RS256 tokens signed here. */
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** Serves `{ keys: [<public key as kid k1>] }` at any path; `origin` is `http://127.0.0.1:<port>`. */
export async function startJwks(): Promise<{ origin: string; privateKey: PrivateKey; close: () => Promise<void> }> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
  );
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    privateKey: pair.privateKey,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
