import { scimGroupDeps } from '#adapters/scim-group-wiring.ts';
import { scimWiring } from '#adapters/scim-wiring.ts';
import { route } from '#http/operations/scim-list-groups.ts';
import { GROUP_FILTERS, groupDocument, wantsMembers } from '#http/scim-groups.ts';
import { scimApi, scimOk } from '#http/scim/api.ts';
import { listResponse, parseListQuery, project } from '#http/scim/list-query.ts';
import { scimListGroups } from '#use-cases/scim-groups.ts';

export const handler = scimApi(route, scimWiring, async ({ caller, query, baseUrl }) => {
  const q = parseListQuery(query, GROUP_FILTERS);
  const { total, views } = await scimListGroups(scimGroupDeps, caller, { ...q, withMembers: wantsMembers(q) });
  return scimOk(
    listResponse(
      views.map((v) => project(groupDocument(v, baseUrl), q)),
      total,
      q.startIndex,
    ),
  );
});
