import { scimGroupDeps } from '#adapters/scim-group-wiring.ts';
import { scimWiring } from '#adapters/scim-wiring.ts';
import { scimGroupInput } from '#domain/scim/group-resource.ts';
import { route } from '#http/operations/scim-create-group.ts';
import { groupDocument } from '#http/scim-groups.ts';
import { scimApi, scimCreated } from '#http/scim/api.ts';
import { scimCreateGroup } from '#use-cases/scim-groups.ts';

export const handler = scimApi(route, scimWiring, async ({ caller, body, baseUrl }) => {
  const view = await scimCreateGroup(scimGroupDeps, caller, scimGroupInput(body));
  const doc = groupDocument(view, baseUrl);
  return scimCreated(`${baseUrl}/Groups/${view.group.id}`, doc, view.group.version);
});
