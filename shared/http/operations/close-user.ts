import { CloseUserBody } from '../schemas/lifecycle.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'closeUser',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/users/{userId}',
  auth: memberAuth,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'identity:access', 'identity:remove', 'identity:sign-in'],
  summary: 'Close a member (re-enter your own password); frees their username and email',
  tags: ['users'],
  request: { body: CloseUserBody },
  // the member comes with the authorization read
  readsPathMember: true,
  responses: {
    204: { description: 'Closed' },
  },
  errors: [403, 404, 409],
});
