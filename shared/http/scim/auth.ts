/**
 * How SCIM routes authenticate (`auth: scimAuth`): only `Authorization: Bearer sbk_…`, an API key of an active system
 * user of the path's account whose SCIM connection is enabled and who is an admin with `manageUsers`. Everything
 * else (no header, Basic, a person's Cognito token, another account's key, a revoked or expired key, a system user
 * without the connection or without those grants) is 401: an identity provider learns nothing more from a refusal.
 * Cost: the API key's ONE BatchGetItem (key, system user, account), as on every member route.
 */
import type { MemberCaller } from '#domain/caller.ts';
import { UnauthenticatedError } from '#domain/errors.ts';
import type { ScimConnection } from '#domain/scim/connection.ts';
import type { User } from '#domain/user.ts';
import type { AccountAuthentication } from '#ports/identities.ts';
import { API_KEY_BEARER, apiKeyAccess, type Authenticator, type RouteAuthDef } from '../authenticate.ts';

/** A system user calling through its SCIM connection: a member caller (its scope and grants apply unchanged). */
export interface ScimCaller extends MemberCaller {
  via: 'scim';
  scim: ScimConnection;
}

/** Whether this system user's keys open `/scim/v2/…`: the connection on, and an admin who may manage members. */
const mayProvision = (user: User): user is User & { scim: ScimConnection } =>
  user.scim?.enabled === true && user.role === 'admin' && user.capabilities.manageUsers === true;

/**
 * `readsPathMember`: a route about `/Users/{userId}` gets that member read in the same BatchGetItem
 * (`caller.pathMember`), as on member routes.
 */
function scimAuthenticator(
  identities: AccountAuthentication,
  options: { now?: () => Date; readsPathMember?: boolean } = {},
): Authenticator<ScimCaller> {
  return {
    kind: 'scim',
    async authenticate(headers, params) {
      const apiKey = API_KEY_BEARER.exec(headers.authorization ?? '');
      if (!apiKey) throw new UnauthenticatedError('SCIM takes a bearer API key of a system user (Bearer sbk_…)');
      const { caller, user } = await apiKeyAccess(identities, apiKey[1], params, options);
      if (!mayProvision(user))
        throw new UnauthenticatedError(
          "This API key's system user has no SCIM connection enabled, or is not an admin who may manage users",
        );
      return { ...caller, via: 'scim', scim: user.scim };
    },
  };
}

/** SCIM routes (`/scim/v2/accounts/{accountId}/…`): the scimApi pipeline builds the authenticator from this. */
export const scimAuth: RouteAuthDef<'scim'> = {
  kind: 'scim',
  authenticator: ({ identity }, route) => {
    if (!identity) throw new Error(`${route.operationId}: a SCIM route needs the identity store`);
    if (!route.path.startsWith('/scim/v2/accounts/{accountId}'))
      throw new Error(`${route.operationId}: scimAuth serves /scim/v2/accounts/{accountId}/… only`);
    return scimAuthenticator(identity, { readsPathMember: route.readsPathMember });
  },
};
