import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimGetResourceType',
  method: 'GET',
  path: '/scim/v2/accounts/{accountId}/ResourceTypes/{resourceTypeId}',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: 'SCIM: one resource type by id (`User`, `Group`)',
  tags: ['scim'],
  responses: {
    200: { description: 'The resource type' },
  },
  errors: [404, 429],
});
