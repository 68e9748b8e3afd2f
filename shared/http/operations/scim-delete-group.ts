import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimDeleteGroup',
  method: 'DELETE',
  path: '/scim/v2/accounts/{accountId}/Groups/{groupId}',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: 'SCIM: delete a group (its members leave it first)',
  tags: ['scim'],
  responses: {
    204: { description: 'Deleted' },
  },
  errors: [404, 409, 412, 429],
});
