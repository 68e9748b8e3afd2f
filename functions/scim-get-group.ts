import { scimGroupDeps } from '#adapters/scim-group-wiring.ts';
import { scimWiring } from '#adapters/scim-wiring.ts';
import { route } from '#http/operations/scim-get-group.ts';
import { groupDocument, projectionOf, wantsMembers } from '#http/scim-groups.ts';
import { scimApi, scimOk } from '#http/scim/api.ts';
import { project } from '#http/scim/projection.ts';
import { scimGetGroup } from '#use-cases/scim-groups.ts';

export const handler = scimApi(route, scimWiring, async ({ caller, params, query, baseUrl }) => {
  const q = projectionOf(query);
  const view = await scimGetGroup(scimGroupDeps, caller, params.groupId, wantsMembers(q));
  return scimOk(project(groupDocument(view, baseUrl), q), view.group.version);
});
