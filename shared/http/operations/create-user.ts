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
  summary: 'Create a user: a person gets a setup mail; the other types are active at once, with no sign-in',
  tags: ['users'],
  request: { body: CreateUserBody, idempotent: true },
  responses: {
    201: { description: 'The invited user', schema: 'User', headers: ['ETag'] },
  },
  location: '/v1/accounts/{accountId}/users/{id}',
  errors: [403, 404, 409, 422, 429],
});
