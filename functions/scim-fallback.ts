import { scimWiring } from '#adapters/scim-wiring.ts';
import { route } from '#http/operations/scim-fallback.ts';
import { scimApi } from '#http/scim/api.ts';
import { fallbackError } from '#http/scim/fallback.ts';

export const handler = scimApi(route, scimWiring, async ({ method, params }) => {
  throw fallbackError(method, params.proxy ?? '');
});
