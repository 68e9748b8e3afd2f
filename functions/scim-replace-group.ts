import { scimGroupDeps } from '#adapters/scim-group-wiring.ts';
import { scimWiring } from '#adapters/scim-wiring.ts';
import { scimGroupInput } from '#domain/scim/group-resource.ts';
import { route } from '#http/operations/scim-replace-group.ts';
import { groupDocument } from '#http/scim-groups.ts';
import { scimApi, scimOk } from '#http/scim/api.ts';
import { scimReplaceGroup } from '#use-cases/scim-groups.ts';

export const handler = scimApi(route, scimWiring, async ({ caller, params, body, ifMatch, baseUrl }) => {
  const input = scimGroupInput(body);
  const view = await scimReplaceGroup(scimGroupDeps, caller, params.groupId, input, ifMatch);
  return scimOk(groupDocument(view, baseUrl), view.group.version);
});
