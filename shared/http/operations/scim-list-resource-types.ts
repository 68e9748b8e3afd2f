import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimListResourceTypes',
  method: 'GET',
  path: '/scim/v2/accounts/{accountId}/ResourceTypes',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: 'SCIM: the resource types (User with the Enterprise extension, Group)',
  tags: ['scim'],
  responses: {
    200: { description: 'The resource types (a ListResponse)' },
  },
  errors: [429],
});
