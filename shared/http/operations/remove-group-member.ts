import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'removeGroupMember',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/groups/{groupId}/members/{userId}',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read', 'table:write'],
  summary: 'Remove a member from a group (404 when they are not in it); callers who manage the member',
  tags: ['groups'],
  request: { emptyBody: true },
  responses: {
    204: { description: 'Removed' },
  },
  errors: [403, 404],
});
