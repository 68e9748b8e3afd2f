import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimFallback',
  method: 'ANY',
  path: '/scim/v2/accounts/{accountId}/{proxy+}',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: 'SCIM: any other path or method (after authentication): 405 with Allow, 501 (Bulk, /Me, .search) or 404',
  tags: ['scim'],
  responses: {},
  errors: [404, 405, 429, 501],
});
