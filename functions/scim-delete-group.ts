import { scimGroupDeps } from '#adapters/scim-group-wiring.ts';
import { scimWiring } from '#adapters/scim-wiring.ts';
import { route } from '#http/operations/scim-delete-group.ts';
import { scimApi, scimNoContent } from '#http/scim/api.ts';
import { scimDeleteGroup } from '#use-cases/scim-groups.ts';

export const handler = scimApi(route, scimWiring, async ({ caller, params, ifMatch }) => {
  await scimDeleteGroup(scimGroupDeps, caller, params.groupId, ifMatch);
  return scimNoContent();
});
