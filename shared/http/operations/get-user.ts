import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getUser',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}',
  auth: memberAuth,
  readsPathMember: true,
  area: 'directory',
  grants: ['table:read'],
  summary: 'Read a user, with their effective settings and permissions',
  tags: ['users'],
  responses: {
    200: { description: 'The user', schema: 'UserDetail', headers: ['ETag'] },
  },
  errors: [403, 404],
});
