import { CreateUserBody } from '../schemas/user-create.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'createUser',
  method: 'POST',
  path: '/v1/accounts/{accountId}/users',
  auth: memberAuth,
  area: 'directory',
  grants: ['table:read', 'table:write', 'mail:send'],
  summary: 'Create a user; a setup mail goes to their email',
  tags: ['users'],
  request: { body: CreateUserBody, idempotent: true },
  responses: {
    201: { description: 'The invited user', schema: 'User', headers: ['ETag'] },
  },
  location: '/v1/accounts/{accountId}/users/{id}',
  errors: [403, 404, 409, 422, 429],
});
