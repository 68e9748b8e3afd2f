import { route } from '#http/operations/scim-delete-user.ts';
import { scimApi, scimNoContent } from '#http/scim/api.ts';
import { scimWiring } from '#adapters/scim-wiring.ts';
import { scimDeleteUser } from '#use-cases/scim-users.ts';
import { lifecycleDeps } from './wiring/lifecycle.ts';

export const handler = scimApi(route, scimWiring, async ({ caller, params, ifMatch }) => {
  await scimDeleteUser(lifecycleDeps, caller, params.userId, ifMatch);
  return scimNoContent();
});
