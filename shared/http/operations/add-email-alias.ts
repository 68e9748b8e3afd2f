import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'addEmailAlias',
  method: 'PUT',
  path: '/v1/accounts/{accountId}/users/{userId}/aliases/{email}',
  auth: memberAuth,
  readsPathMember: true,
  area: 'directory',
  grants: ['table:read', 'table:write'],
  summary:
    "Add an email alias to a member (unique in the account among aliases and members' emails; at most 20 per member)",
  tags: ['users'],
  request: { emptyBody: true },
  responses: { 200: { description: 'The member with the alias', schema: 'User', headers: ['ETag'] } },
  errors: [403, 404, 409],
});
