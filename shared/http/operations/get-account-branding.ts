import { memberOrOperatorAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getAccountBranding',
  method: 'GET',
  path: '/v1/accounts/{accountId}/branding',
  auth: memberOrOperatorAuth,
  area: 'directory',
  grants: ['table:read', 'secret:operator-key'],
  summary: 'Read an account’s own brand and the brand its mails and pages show (the operator, or account managers)',
  tags: ['accounts'],
  responses: {
    200: { description: 'The account’s brand and the effective brand', schema: 'AccountBranding', headers: ['ETag'] },
  },
  errors: [403, 404],
});
