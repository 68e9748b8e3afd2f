import { scimGroupDeps } from '#adapters/scim-group-wiring.ts';
import { scimWiring } from '#adapters/scim-wiring.ts';
import { groupPatchPlan } from '#domain/scim/group-resource.ts';
import { parsePatch } from '#domain/scim/patch.ts';
import { route } from '#http/operations/scim-patch-group.ts';
import { scimApi, scimNoContent } from '#http/scim/api.ts';
import { scimPatchGroup } from '#use-cases/scim-groups.ts';

export const handler = scimApi(route, scimWiring, async ({ caller, params, body, ifMatch }) => {
  const plan = groupPatchPlan(parsePatch(body, 'Group', { id: params.groupId }));
  await scimPatchGroup(scimGroupDeps, caller, params.groupId, plan, ifMatch);
  return scimNoContent();
});
