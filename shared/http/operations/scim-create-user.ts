import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimCreateUser',
  method: 'POST',
  path: '/scim/v2/accounts/{accountId}/Users',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write', 'mail:send'],
  summary: 'SCIM: create a user (invited, or deactivated with active false), placed per the connection',
  tags: ['scim'],
  responses: {
    201: { description: 'The created user' },
  },
  location: '/scim/v2/accounts/{accountId}/Users/{id}',
  errors: [400, 404, 409, 429],
});
