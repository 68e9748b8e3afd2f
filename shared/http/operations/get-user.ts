import { GetUserQuery } from '../schemas/user-queries.ts';
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
  summary:
    'Read a user, with their effective settings and permissions (and, with ?include=, their services, numbers, devices, group memberships)',
  tags: ['users'],
  request: { query: GetUserQuery },
  responses: {
    200: { description: 'The user', schema: 'UserWithItems', headers: ['ETag'] },
  },
  errors: [400, 403, 404],
});
