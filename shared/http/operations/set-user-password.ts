import { SetPasswordBody } from '../schemas/lifecycle.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'setUserPassword',
  method: 'PUT',
  path: '/v1/accounts/{accountId}/users/{userId}/password',
  auth: memberAuth,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'identity:credentials'],
  summary: 'Set a member’s password (only for a person in no other account)',
  tags: ['users', 'credentials'],
  request: { body: SetPasswordBody },
  responses: {
    204: { description: 'Password set; sessions revoked' },
  },
  errors: [403, 404, 409],
});
