import { operatorAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'deleteAccountBranding',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/branding',
  auth: operatorAuth,
  area: 'platform',
  grants: ['table:read', 'table:write', 'secret:operator-key'],
  summary: 'Remove an account’s own brand: its mails and pages show the deployment’s again',
  tags: ['accounts'],
  request: { ifMatch: true },
  responses: {
    204: { description: 'The account shows the deployment’s brand' },
  },
  errors: [404, 409, 412],
});
