import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'removeEmailAlias',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/users/{userId}/aliases/{email}',
  auth: memberAuth,
  readsPathMember: true,
  area: 'directory',
  grants: ['table:read', 'table:write'],
  summary: "Remove a member's email alias, freeing the address",
  tags: ['users'],
  request: { emptyBody: true },
  responses: { 204: { description: 'Removed' } },
  errors: [403, 404],
});
