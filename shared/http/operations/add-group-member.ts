import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'addGroupMember',
  method: 'PUT',
  path: '/v1/accounts/{accountId}/groups/{groupId}/members/{userId}',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read', 'table:write'],
  summary: 'Add a member to a group (idempotent: adding a member twice counts once); callers who manage the member',
  tags: ['groups'],
  request: { emptyBody: true },
  responses: {
    200: { description: 'The member was already in the group', schema: 'GroupMember' },
    201: { description: 'The member was added', schema: 'GroupMember' },
  },
  location: '/v1/accounts/{accountId}/groups/{groupId}/members/{userId}',
  errors: [403, 404, 409],
});
