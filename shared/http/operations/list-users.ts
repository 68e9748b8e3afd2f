import { ListUsersQuery } from '../schemas/user-queries.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listUsers',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users',
  auth: memberAuth,
  area: 'directory',
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'List users by username, page by page',
  tags: ['users'],
  request: { query: ListUsersQuery },
  responses: {
    200: { description: 'A page of users', schema: 'UserPage' },
  },
  errors: [403, 404],
});
