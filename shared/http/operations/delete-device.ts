import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'deleteDevice',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/users/{userId}/devices/{deviceId}',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write'],
  summary: "Remove a member's phone (its extension and MAC address are free again)",
  tags: ['users', 'devices'],
  request: { ifMatch: true },
  responses: {
    204: { description: 'Deleted' },
  },
  errors: [403, 404, 409, 412],
});
