import { UpdateUserBody } from '../schemas/user-update.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'updateUser',
  method: 'PATCH',
  path: '/v1/accounts/{accountId}/users/{userId}',
  auth: memberAuth,
  area: 'directory',
  grants: ['table:read', 'table:write', 'mail:send'],
  summary: 'Update a user',
  tags: ['users'],
  request: { body: UpdateUserBody, ifMatch: true },
  responses: {
    200: { description: 'The updated user', schema: 'User', headers: ['ETag'] },
  },
  errors: [403, 404, 409, 412],
});
