import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'deactivateUser',
  method: 'POST',
  path: '/v1/accounts/{accountId}/users/{userId}/deactivate',
  auth: memberAuth,
  readsPathMember: true,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'identity:access'],
  summary: 'Deactivate a member: their tokens stop working at once',
  tags: ['users'],
  request: { emptyBody: true },
  responses: {
    200: { description: 'The deactivated member', schema: 'User', headers: ['ETag'] },
  },
  errors: [403, 404, 409],
});
