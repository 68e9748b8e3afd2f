import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimGetGroup',
  method: 'GET',
  path: '/scim/v2/accounts/{accountId}/Groups/{groupId}',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: 'SCIM: one group, with the members this connection manages (attributes, excludedAttributes)',
  tags: ['scim'],
  responses: {
    200: { description: 'The group', headers: ['ETag'] },
  },
  errors: [404, 429],
});
