import { AccountBrandingBody } from '../schemas/branding.ts';
import { operatorAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'putAccountBranding',
  method: 'PUT',
  path: '/v1/accounts/{accountId}/branding',
  auth: operatorAuth,
  area: 'platform',
  grants: ['table:read', 'table:write', 'secret:operator-key'],
  summary: 'Replace an account’s own brand (a reseller’s); fields left out fall back to the deployment’s',
  tags: ['accounts'],
  request: { body: AccountBrandingBody, ifMatch: true },
  responses: {
    200: { description: 'The account’s brand and the effective brand', schema: 'AccountBranding', headers: ['ETag'] },
  },
  errors: [404, 409, 412],
});
