import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimListUsers',
  method: 'GET',
  path: '/scim/v2/accounts/{accountId}/Users',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: 'SCIM: list users (filter eq/and, startIndex, count, attributes)',
  tags: ['scim'],
  responses: {
    200: { description: 'The users: a ListResponse' },
  },
  errors: [400, 429, 501],
});
