import { route } from '#http/operations/scim-get-user.ts';
import { scimApi, scimOk } from '#http/scim/api.ts';
import { projectionOf, scimUserDocument } from '#http/scim-users-dto.ts';
import { scimWiring } from '#adapters/scim-wiring.ts';
import { scimGetUser } from '#use-cases/scim-users.ts';
import { scimUserReads } from './wiring/scim-users.ts';

export const handler = scimApi(route, scimWiring, async ({ caller, params, query, baseUrl }) => {
  const user = await scimGetUser(scimUserReads, caller, params.userId);
  return scimOk(scimUserDocument(user, baseUrl, projectionOf(query)), user.version);
});
