import { scimWiring } from '#adapters/scim-wiring.ts';
import { route } from '#http/operations/scim-get-service-provider-config.ts';
import { scimApi, scimOk } from '#http/scim/api.ts';
import { serviceProviderConfig } from '#http/scim/discovery.ts';

export const handler = scimApi(route, scimWiring, async ({ baseUrl }) => scimOk(serviceProviderConfig(baseUrl)));
