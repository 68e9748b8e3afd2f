import { route } from '#http/operations/scim-create-user.ts';
import { scimApi, scimCreated } from '#http/scim/api.ts';
import { projectionOf, scimUserDocument } from '#http/scim-users-dto.ts';
import { scimWiring } from '#adapters/scim-wiring.ts';
import { scimCreateUser } from '#use-cases/scim-users.ts';
import { scimUserCreate } from './wiring/scim-user-create.ts';

export const handler = scimApi(route, scimWiring, async ({ caller, body, query, baseUrl }) => {
  const user = await scimCreateUser(scimUserCreate, caller, body);
  return scimCreated(`${baseUrl}/Users/${user.id}`, scimUserDocument(user, baseUrl, projectionOf(query)), user.version);
});
