import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimListSchemas',
  method: 'GET',
  path: '/scim/v2/accounts/{accountId}/Schemas',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: 'SCIM: the schemas: what is stored of Users and Groups, and the three meta-schemas',
  tags: ['scim'],
  responses: {
    200: { description: 'The schemas (a ListResponse)' },
  },
  errors: [429],
});
