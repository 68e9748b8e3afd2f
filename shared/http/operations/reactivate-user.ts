import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'reactivateUser',
  method: 'POST',
  path: '/v1/accounts/{accountId}/users/{userId}/reactivate',
  auth: memberAuth,
  readsPathMember: true,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'identity:access'],
  summary: 'Reactivate a member (tokens from before stay revoked)',
  tags: ['users'],
  request: { emptyBody: true },
  responses: {
    200: { description: 'The active member', schema: 'User', headers: ['ETag'] },
  },
  errors: [403, 404, 409],
});
