import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'shareNumber',
  method: 'PUT',
  path: '/v1/accounts/{accountId}/numbers/{numberId}/groups/{groupId}',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write'],
  summary:
    'Share a number with a group (idempotent: sharing twice counts once); account managers and admins with manageUsers',
  tags: ['numbers'],
  request: { emptyBody: true },
  responses: {
    200: { description: 'The number was already shared with the group', schema: 'PhoneNumber', headers: ['ETag'] },
    201: { description: 'The number is now shared with the group', schema: 'PhoneNumber', headers: ['ETag'] },
  },
  location: '/v1/accounts/{accountId}/numbers/{numberId}/groups/{groupId}',
  errors: [403, 404, 409],
});
