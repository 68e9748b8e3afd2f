import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimPatchUser',
  method: 'PATCH',
  path: '/scim/v2/accounts/{accountId}/Users/{userId}',
  auth: scimAuth,
  scim: true,
  // the path's member comes with the API key's read
  readsPathMember: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write', 'identity:access', 'mail:send'],
  summary: 'SCIM: patch a user (operations in order, all or nothing); answers the user',
  tags: ['scim'],
  responses: {
    200: { description: 'The user' },
  },
  errors: [400, 404, 409, 412, 429],
});
