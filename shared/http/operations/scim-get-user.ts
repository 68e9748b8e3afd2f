import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimGetUser',
  method: 'GET',
  path: '/scim/v2/accounts/{accountId}/Users/{userId}',
  auth: scimAuth,
  scim: true,
  // the path's member comes with the API key's read
  readsPathMember: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: 'SCIM: a user',
  tags: ['scim'],
  responses: {
    200: { description: 'The user' },
  },
  errors: [404, 429],
});
