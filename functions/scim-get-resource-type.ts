import { scimWiring } from '#adapters/scim-wiring.ts';
import { ScimError } from '#domain/scim/errors.ts';
import { route } from '#http/operations/scim-get-resource-type.ts';
import { scimApi, scimOk } from '#http/scim/api.ts';
import { findResourceType } from '#http/scim/discovery.ts';

export const handler = scimApi(route, scimWiring, async ({ baseUrl, params }) => {
  const found = findResourceType(params.resourceTypeId, baseUrl);
  if (!found) throw new ScimError(404, undefined, `No resource type ${params.resourceTypeId}`);
  return scimOk(found);
});
