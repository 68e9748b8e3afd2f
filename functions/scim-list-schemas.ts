import { scimWiring } from '#adapters/scim-wiring.ts';
import { route } from '#http/operations/scim-list-schemas.ts';
import { scimApi, scimOk } from '#http/scim/api.ts';
import { discoveryList, schemas } from '#http/scim/discovery.ts';

export const handler = scimApi(route, scimWiring, async ({ baseUrl }) => scimOk(discoveryList(schemas(baseUrl))));
