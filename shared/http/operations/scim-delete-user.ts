import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimDeleteUser',
  method: 'DELETE',
  path: '/scim/v2/accounts/{accountId}/Users/{userId}',
  auth: scimAuth,
  scim: true,
  // the path's member comes with the API key's read
  readsPathMember: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write', 'identity:access', 'identity:remove'],
  summary: 'SCIM: close a user (no password re-entered); then 404, and the userName is free',
  tags: ['scim'],
  responses: {
    204: { description: 'Closed' },
  },
  errors: [404, 409, 412, 429],
});
