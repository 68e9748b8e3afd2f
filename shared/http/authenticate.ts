import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Caller, IdentityCaller, MemberCaller, OperatorCaller } from '#domain/caller.ts';
import { NotFoundError, UnauthenticatedError } from '#domain/errors.ts';
import type { IdentityStore } from '#ports/stores.ts';
import { env, settingNames } from '#config/env.ts';

/** Authentication happens here and only here, for every route kind; handlers receive the resulting Caller. */
export interface Authenticator<C extends Caller = Caller> {
  kind: 'public' | 'operator' | 'member';
  authenticate(headers: Record<string, string | undefined>, params: Record<string, string>): Promise<C>;
}

export const publicRoute: Authenticator<{ kind: 'anonymous' }> = { kind: 'public', authenticate: async () => ({ kind: 'anonymous' }) };

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Operator calls carry X-Operator-Key; compared in constant time against the key from Secrets Manager (env locally). */
export function operatorRoute(loadKey: () => Promise<string>): Authenticator<OperatorCaller> {
  return {
    kind: 'operator',
    async authenticate(headers) {
      const given = headers['x-operator-key'];
      if (!given) throw new UnauthenticatedError('X-Operator-Key is required');
      if (!timingSafeEqual(digest(given), digest(await loadKey()))) throw new UnauthenticatedError('The operator key is not valid');
      return { kind: 'operator' };
    },
  };
}

let jwks: JWTVerifyGetKey | undefined;
const issuer = () => env(settingNames.tokenIssuer);

/** Verifies a Cognito access token: signature (JWKS cached per container), issuer, expiry, token use and app client. */
async function verifyAccessToken(authorization: string | undefined): Promise<{ sub: string; iat: number }> {
  const match = /^Bearer\s+([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*)$/.exec(authorization ?? '');
  if (!match) throw new UnauthenticatedError('A bearer access token is required');
  jwks ??= createRemoteJWKSet(new URL(`${issuer()}/.well-known/jwks.json`), { cacheMaxAge: 6 * 3600_000, cooldownDuration: 30_000 });
  try {
    const { payload } = await jwtVerify(match[1], jwks, { issuer: issuer(), algorithms: ['RS256'], clockTolerance: 5 });
    if (payload.token_use !== 'access' || payload.client_id !== env(settingNames.userPoolClientId)) throw new Error('not an access token of this client');
    if (typeof payload.sub !== 'string' || typeof payload.iat !== 'number') throw new Error('token lacks sub or iat');
    return { sub: payload.sub, iat: payload.iat };
  } catch {
    throw new UnauthenticatedError('The access token is invalid or expired');
  }
}

/**
 * Member routes: the token says who; the stored identity and membership (read consistently, every request)
 * say what. Not a member of the path's account: 404. Deactivated, closed, or a token from before a revocation: 401.
 */
export function memberRoute(identities: IdentityStore): Authenticator<MemberCaller | IdentityCaller> {
  return {
    kind: 'member',
    async authenticate(headers, params) {
      const { sub, iat } = await verifyAccessToken(headers.authorization);
      const { identity, memberships } = await identities.getAccess(sub);
      if (!identity) throw new UnauthenticatedError('This sign-in is not set up for any account');
      if (iat < identity.tokensValidAfter) throw new UnauthenticatedError('This session has been revoked; sign in again');
      const accountId = params.accountId;
      if (accountId === undefined) return { kind: 'identity', identity, memberships };
      const membership = memberships.find((m) => m.accountId === accountId);
      if (!membership || membership.status === 'invited') throw new NotFoundError();
      if (membership.status !== 'active') throw new UnauthenticatedError('This membership is not active');
      if (iat < membership.tokensValidAfter) throw new UnauthenticatedError('This session has been revoked; sign in again');
      return { kind: 'member', identity, membership };
    },
  };
}

/** Narrowing helpers for handlers of routes with and without an account in the path. */
export const asMember = (c: Caller): MemberCaller => {
  if (c.kind !== 'member') throw new NotFoundError();
  return c;
};
export const asIdentity = (c: Caller): IdentityCaller => {
  if (c.kind !== 'identity') throw new UnauthenticatedError();
  return c;
};
