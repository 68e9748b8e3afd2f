import { scimWiring } from '#adapters/scim-wiring.ts';
import { ScimError } from '#domain/scim/errors.ts';
import { route } from '#http/operations/scim-get-schema.ts';
import { scimApi, scimOk } from '#http/scim/api.ts';
import { findSchema } from '#http/scim/discovery.ts';

export const handler = scimApi(route, scimWiring, async ({ baseUrl, params }) => {
  const found = findSchema(params.schemaId, baseUrl);
  if (!found) throw new ScimError(404, undefined, `No schema ${params.schemaId}`);
  return scimOk(found);
});
