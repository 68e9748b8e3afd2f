import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getDevice',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}/devices/{deviceId}',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read'],
  summary: "One of a member's phones",
  tags: ['users', 'devices'],
  responses: {
    200: { description: 'The device', schema: 'Device', headers: ['ETag'] },
  },
  errors: [403, 404],
});
