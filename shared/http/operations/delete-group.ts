import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'deleteGroup',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/groups/{groupId}',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read', 'table:write'],
  summary: 'Delete an empty group: no members, nothing shared with it (account managers, admins with manageUsers)',
  tags: ['groups'],
  request: { ifMatch: true },
  responses: {
    204: { description: 'Deleted' },
  },
  errors: [403, 404, 409, 412],
});
