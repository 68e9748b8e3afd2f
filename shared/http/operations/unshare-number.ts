import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'unshareNumber',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/numbers/{numberId}/groups/{groupId}',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write'],
  summary: 'End the share of a number with a group; account managers and admins with manageUsers',
  tags: ['numbers'],
  request: { emptyBody: true },
  responses: {
    204: { description: 'The number is no longer shared with the group' },
  },
  errors: [403, 404, 409],
});
