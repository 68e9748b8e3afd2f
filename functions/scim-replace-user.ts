import { route } from '#http/operations/scim-replace-user.ts';
import { scimApi, scimOk } from '#http/scim/api.ts';
import { projectionOf, scimUserDocument } from '#http/scim-users-dto.ts';
import { scimWiring } from '#adapters/scim-wiring.ts';
import { scimReplaceUser } from '#use-cases/scim-users.ts';
import { scimUserChange } from './wiring/scim-user-change.ts';

export const handler = scimApi(route, scimWiring, async ({ caller, params, body, ifMatch, query, baseUrl }) => {
  const user = await scimReplaceUser(scimUserChange, caller, params.userId, body, ifMatch);
  return scimOk(scimUserDocument(user, baseUrl, projectionOf(query)), user.version);
});
