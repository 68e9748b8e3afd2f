import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimGetSchema',
  method: 'GET',
  path: '/scim/v2/accounts/{accountId}/Schemas/{schemaId}',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: 'SCIM: one schema by its URN',
  tags: ['scim'],
  responses: {
    200: { description: 'The schema' },
  },
  errors: [404, 429],
});
