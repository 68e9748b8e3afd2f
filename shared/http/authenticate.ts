import { createHash, timingSafeEqual } from 'node:crypto';
import type { Caller, IdentityCaller, MemberCaller, OperatorCaller } from '#domain/caller.ts';
import { MfaRequiredError, NotFoundError, UnauthenticatedError } from '#domain/errors.ts';
import { mayOverrideBelow, memberMustUseMfa } from '#domain/mfa-policy.ts';
import type { AccountAuthentication, IdentityAuthentication } from '#ports/identities.ts';
import { env, settingNames } from '#config/env.ts';
import { isExpired, LAST_USED_INTERVAL_SECONDS, lastUseIsStale, parseApiKey, secretMatches } from '#domain/api-key.ts';
import { grantsOf, type User } from '#domain/user.ts';
import { logger } from '#observability/logger.ts';
import { countMetric } from '#observability/metrics.ts';
import { runBeside } from './background.ts';
import { verifyRs256 } from './jwt.ts';

/** Authentication happens here and only here, for every route kind; handlers receive the resulting Caller. */
export interface Authenticator<C extends Caller = Caller> {
  kind: RouteAuth;
  authenticate(headers: Record<string, string | undefined>, params: Record<string, string>): Promise<C>;
}

/**
 * How a route authenticates. `member`: a Cognito access token or a system user's API key, verified here.
 * `memberOrOperator`: the operator key when the request carries X-Operator-Key, a member's credentials otherwise.
 * `scim`: only the API key of a system user with an enabled SCIM connection (shared/http/scim/auth.ts, scimApi).
 */
export type RouteAuth = 'public' | 'operator' | 'member' | 'memberOrOperator' | 'scim';

/** The adapters an authenticator may need; the handler gives them (api.ts `Wiring`), the declaration says which. */
export interface AuthAdapters {
  /** On `/v1/me…` routes (meAuth) the whole IdentityAuthentication, checked at load. */
  identity?: AccountAuthentication;
  operatorKey?: () => Promise<string>;
}

/**
 * A route's auth as its declaration names it (`auth: memberAuth`): the kind everything else reads, and how the
 * pipeline builds the authenticator. Only the declarations of a kind refer to it, so a function's bundle holds the
 * code of its own kind alone (a public function bundles no token verification).
 */
export interface RouteAuthDef<K extends RouteAuth = RouteAuth> {
  kind: K;
  authenticator(
    adapters: AuthAdapters,
    route: { operationId: string; path: string; mfaEnrollment?: boolean; readsPathMember?: boolean },
  ): Authenticator;
}

export const publicRoute: Authenticator<{ kind: 'anonymous' }> = {
  kind: 'public',
  authenticate: async () => ({ kind: 'anonymous' }),
};

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Operator calls carry X-Operator-Key; compared in constant time against the key from Secrets Manager (env locally). */
export function operatorRoute(loadKey: () => Promise<string>): Authenticator<OperatorCaller> {
  return {
    kind: 'operator',
    async authenticate(headers) {
      const given = headers['x-operator-key'];
      if (!given) throw new UnauthenticatedError('X-Operator-Key is required');
      if (!timingSafeEqual(digest(given), digest(await loadKey())))
        throw new UnauthenticatedError('The operator key is not valid');
      return { kind: 'operator' };
    },
  };
}

const issuer = () => env(settingNames.tokenIssuer);

const BEARER = /^Bearer\s+([A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]+\.[A-Za-z0-9\-_=]*)$/;

/** The caller's access token, for the few calls Cognito authorizes with it (TOTP enrollment). Already verified by then. */
export function bearerToken(headers: Record<string, string | undefined>): string {
  const match = BEARER.exec(headers.authorization ?? '');
  if (!match) throw new UnauthenticatedError('A bearer access token is required');
  return match[1];
}

/**
 * Verifies a Cognito access token: signature (JWKS cached per container), issuer, expiry, token use and app client.
 * `iat` is the earlier of issue and authentication time: Cognito keeps `auth_time` across refreshes, so a token
 * refreshed from a sign-in made before a revocation is refused like the tokens of that sign-in.
 */
async function verifyAccessToken(
  authorization: string | undefined,
): Promise<{ sub: string; iat: number; signedInAt: number }> {
  const match = BEARER.exec(authorization ?? '');
  if (!match) throw new UnauthenticatedError('A bearer access token is required');
  try {
    const payload = await verifyRs256(match[1], {
      jwksUrl: `${issuer()}/.well-known/jwks.json`,
      issuer: issuer(),
      clockToleranceSeconds: 5,
    });
    if (payload.token_use !== 'access' || payload.client_id !== env(settingNames.userPoolClientId))
      throw new Error('not an access token of this client');
    if (typeof payload.sub !== 'string' || typeof payload.iat !== 'number') throw new Error('token lacks sub or iat');
    return {
      sub: payload.sub,
      iat: typeof payload.auth_time === 'number' ? Math.min(payload.iat, payload.auth_time) : payload.iat,
      signedInAt: typeof payload.auth_time === 'number' ? payload.auth_time : payload.iat,
    };
  } catch {
    throw new UnauthenticatedError('The access token is invalid or expired');
  }
}

/**
 * Member routes: the token says who; the stored identity and membership (read consistently, every request)
 * say what. Not a member of the path's account: 404. Deactivated, closed, or a token from before a revocation: 401.
 * Routes without an account (`/v1/me...`) need at least one active membership the token is still good for.
 * MFA policy: an identity without MFA that belongs to an account requiring it gets 403 mfa_required everywhere
 * but on the enrollment routes (`mfaEnrollment`).
 * Cost: an account route is ONE BatchGetItem (identity, membership, the account's policy and its count of MFA
 * overrides below it; only an identity without MFA in an account with such overrides reads its own rule: a GetItem
 * and a BatchGetItem of its unit path's settings); an identity route is
 * one Query of the identity partition, plus one BatchGetItem of its accounts when the identity has no MFA (those
 * accounts ride along on the caller, so `/v1/me` does not read them twice).
 * `Bearer sbk_…` is a system user's API key instead (apiKeyCaller): the same one BatchGetItem on account routes.
 * `now`: the clock of key expiry and last use (tests inject one).
 */
export function memberRoute(
  identities: IdentityAuthentication,
  options: MemberRouteOptions = {},
): Authenticator<MemberCaller | IdentityCaller> {
  return accountOrIdentityRoute(identities, options, (sub, iat, signedInAt) =>
    identityCaller(identities, sub, iat, signedInAt, options),
  );
}

type MemberRouteOptions = { mfaEnrollment?: boolean; readsPathMember?: boolean; now?: () => Date };

/**
 * memberRoute, with the routes without an account handed to `onIdentityRoute`. Without it (memberAuth: routes with
 * `{accountId}` in the path, where API Gateway always gives it) a bundle holds none of the identity route's reads.
 */
function accountOrIdentityRoute(
  identities: AccountAuthentication,
  options: MemberRouteOptions,
  onIdentityRoute?: (sub: string, iat: number, signedInAt: number) => Promise<IdentityCaller>,
): Authenticator<MemberCaller | IdentityCaller> {
  return {
    kind: 'member',
    async authenticate(headers, params) {
      const apiKey = API_KEY_BEARER.exec(headers.authorization ?? '');
      if (apiKey) return apiKeyCaller(identities, apiKey[1], params, options);
      const { sub, iat, signedInAt } = await verifyAccessToken(headers.authorization);
      const accountId = params.accountId;
      if (accountId === undefined) {
        if (!onIdentityRoute) throw new NotFoundError();
        return onIdentityRoute(sub, iat, signedInAt);
      }

      // routes that read the path's member anyway have it read in the same round trip (`readsPathMember`)
      const pathUserId = options.readsPathMember ? params.userId : undefined;
      const { identity, membership, account, mfaOverrides, member } = await identities.getAccountAccess(
        sub,
        accountId,
        pathUserId ? { member: pathUserId } : undefined,
      );
      if (!identity) throw new UnauthenticatedError('This sign-in is not set up for any account');
      if (iat < identity.tokensValidAfter) throw revokedSession();
      if (!membership || membership.status === 'invited') throw new NotFoundError();
      if (membership.status !== 'active') throw revokedSession('This membership is not active');
      if (iat < membership.tokensValidAfter) throw revokedSession();
      if (!identity.mfaEnabled && !options.mfaEnrollment) {
        // a unit or the member may require MFA (or waive it) below the account: read only when overrides exist
        const below =
          mayOverrideBelow(mfaOverrides) && identities.memberMfaOverride
            ? await identities.memberMfaOverride(accountId, membership.userId)
            : undefined;
        if (memberMustUseMfa(account?.mfaRequired, below)) throw mfaRequiredError();
      }
      return {
        kind: 'member',
        identity,
        membership,
        ...(account ? { account } : {}),
        ...(pathUserId && member !== undefined ? { pathMember: { userId: pathUserId, user: member } } : {}),
      };
    },
  };
}

export const API_KEY_BEARER = /^Bearer\s+(sbk_\S*)$/;

/**
 * A system user's API key (`Authorization: Bearer sbk_…`) on an account route: the key text names the key and its
 * user, so ONE consistent BatchGetItem reads the key record, the user and the account, like a token's read. The key
 * must exist in the path's account (another account's key finds nothing there: 401), be unexpired and match (SHA-256,
 * compared in constant time); its user must be an active system user (deactivated or closed: 401 at once, reactivated:
 * accepted again). The user's record stands in for a membership record (MemberAccess). A key caller has no identity,
 * hence no MFA: the account's MFA requirement is about people, and a key caller cannot turn it on
 * (assertMayRequireMfa). `/v1/me…` is a person's: 401. The last use is recorded at most once a minute per key, by a
 * conditional UpdateItem that runs beside the operation (settleBackgroundWrites), not before it.
 */
async function apiKeyCaller(
  identities: AccountAuthentication,
  text: string,
  params: Record<string, string>,
  options: { readsPathMember?: boolean; now?: () => Date },
): Promise<MemberCaller> {
  return (await apiKeyAccess(identities, text, params, options)).caller;
}

/**
 * apiKeyCaller's checks, with the system user's record beside the caller it builds: the SCIM authenticator
 * (shared/http/scim/auth.ts) reads its connection, role and capabilities from it, at no extra read.
 */
export async function apiKeyAccess(
  identities: AccountAuthentication,
  text: string,
  params: Record<string, string>,
  options: { readsPathMember?: boolean; now?: () => Date },
): Promise<{ caller: MemberCaller; user: User }> {
  const accountId = params.accountId;
  if (accountId === undefined) throw new UnauthenticatedError('API keys are for account routes only; sign in instead');
  const ref = parseApiKey(text);
  if (!ref) throw new UnauthenticatedError('The API key is invalid');
  const pathUserId = options.readsPathMember ? params.userId : undefined;
  const { key, user, account, member } = await identities.getApiKeyAccess(
    accountId,
    { userId: ref.userId, keyId: ref.keyId },
    pathUserId ? { member: pathUserId } : undefined,
  );
  const now = options.now?.() ?? new Date();
  // one answer for every refusal: nothing tells a forged key from a revoked or expired one
  if (!key || !secretMatches(ref.secret, key.secretHash) || isExpired(key, now))
    throw new UnauthenticatedError('The API key is invalid, expired or revoked');
  if (user?.type !== 'system' || user.status !== 'active')
    throw new UnauthenticatedError('This system user is not active');
  if (lastUseIsStale(key, now)) {
    runBeside(
      identities
        .touchApiKey(key, now, new Date(now.getTime() - LAST_USED_INTERVAL_SECONDS * 1000))
        .catch((error: unknown) => logger.warn('api key last use not recorded', { error: (error as Error)?.name })),
    );
  }
  const caller: MemberCaller = {
    kind: 'member',
    identity: null,
    apiKeyId: key.id,
    membership: { accountId, userId: user.id, status: user.status, ...grantsOf(user) },
    ...(account ? { account } : {}),
    ...(pathUserId && member !== undefined ? { pathMember: { userId: pathUserId, user: member } } : {}),
  };
  return { caller, user };
}

async function identityCaller(
  identities: IdentityAuthentication,
  sub: string,
  iat: number,
  signedInAt: number,
  options: { mfaEnrollment?: boolean },
): Promise<IdentityCaller> {
  const { identity, memberships } = await identities.getAccess(sub);
  if (!identity) throw new UnauthenticatedError('This sign-in is not set up for any account');
  if (iat < identity.tokensValidAfter) throw revokedSession();
  const live = memberships.filter((m) => m.status === 'active' && iat >= m.tokensValidAfter);
  if (live.length === 0) throw revokedSession();
  if (identity.mfaEnabled || options.mfaEnrollment) return { kind: 'identity', identity, memberships, signedInAt };
  const accounts = await identities.accountSummaries(
    memberships.filter((m) => m.status !== 'closed').map((m) => m.accountId),
  );
  const liveIds = new Set(live.map((m) => m.accountId));
  if (accounts.some((a) => a.mfaRequired && liveIds.has(a.id))) throw mfaRequiredError();
  return { kind: 'identity', identity, memberships, accounts, signedInAt };
}

/**
 * A person's token refused because their sessions ended: issued before their or their membership's revocation mark,
 * or the membership deactivated or closed (no live membership left, on `/v1/me`). Counted (`tokensRefusedRevoked`).
 */
function revokedSession(detail = 'This session has been revoked; sign in again'): UnauthenticatedError {
  countMetric('tokensRefusedRevoked');
  return new UnauthenticatedError(detail);
}

const mfaRequiredError = () =>
  new MfaRequiredError('This account requires multi-factor authentication: enroll at /v1/me/mfa/totp first');

export const publicAuth: RouteAuthDef<'public'> = { kind: 'public', authenticator: () => publicRoute };

export const operatorAuth: RouteAuthDef<'operator'> = {
  kind: 'operator',
  authenticator: ({ operatorKey }, route) => {
    if (!operatorKey) throw new Error(`${route.operationId}: an operator route needs the operator key`);
    return operatorRoute(operatorKey);
  },
};

/** Whether a route's path names its account: memberAuth and memberOrOperatorAuth serve only those. */
const accountInPath = (route: { operationId: string; path: string }, auth: string) => {
  if (!route.path.includes('{accountId}'))
    throw new Error(`${route.operationId}: ${auth} serves routes with {accountId} in the path; /v1/me… takes meAuth`);
};

/** Member routes of an account (`{accountId}` in the path): a token or a system user's API key. */
export const memberAuth: RouteAuthDef<'member'> = {
  kind: 'member',
  authenticator: ({ identity }, route) => {
    if (!identity) throw new Error(`${route.operationId}: a member route needs the identity store`);
    accountInPath(route, 'memberAuth');
    const { mfaEnrollment, readsPathMember } = route;
    return accountOrIdentityRoute(identity, { mfaEnrollment, readsPathMember });
  },
};

/** Member routes without an account (`/v1/me…`): the identity's own partition (memberRoute). */
export const meAuth: RouteAuthDef<'member'> = {
  kind: 'member',
  authenticator: ({ identity }, { operationId, mfaEnrollment, readsPathMember }) => {
    const whole = identity as Partial<IdentityAuthentication> | undefined;
    if (!whole?.getAccess || !whole.accountSummaries)
      throw new Error(
        `${operationId}: a /v1/me route needs the identity store's identity reads (identityAuthentication)`,
      );
    return memberRoute(whole as IdentityAuthentication, { mfaEnrollment, readsPathMember });
  },
};

/**
 * Routes the operator and an account's members both call (an account's brand): a request with X-Operator-Key is the
 * operator's, and a wrong key is 401 (never a fall back to the bearer token); any other is a member's, as on member
 * routes. What each may then do is the use case's to decide.
 */
export const memberOrOperatorAuth: RouteAuthDef<'memberOrOperator'> = {
  kind: 'memberOrOperator',
  authenticator: ({ identity, operatorKey }, route) => {
    const { operationId, mfaEnrollment, readsPathMember } = route;
    if (!identity || !operatorKey)
      throw new Error(`${operationId}: a member-or-operator route needs the identity store and the operator key`);
    accountInPath(route, 'memberOrOperatorAuth');
    const operator = operatorRoute(operatorKey);
    const member = accountOrIdentityRoute(identity, { mfaEnrollment, readsPathMember });
    return {
      kind: 'memberOrOperator',
      authenticate: (headers, params) =>
        headers['x-operator-key'] !== undefined
          ? operator.authenticate(headers, params)
          : member.authenticate(headers, params),
    };
  },
};

/** Narrowing helpers for handlers of routes with and without an account in the path. */
export const asMember = (c: Caller): MemberCaller => {
  if (c.kind !== 'member') throw new NotFoundError();
  return c;
};
export const asIdentity = (c: Caller): IdentityCaller => {
  if (c.kind !== 'identity') throw new UnauthenticatedError();
  return c;
};
