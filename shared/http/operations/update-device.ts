import { UpdateDeviceBody } from '../schemas/devices.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'updateDevice',
  method: 'PATCH',
  path: '/v1/accounts/{accountId}/users/{userId}/devices/{deviceId}',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write'],
  summary: "Change a member's phone (its extension and MAC claims move with it)",
  tags: ['users', 'devices'],
  request: { body: UpdateDeviceBody, ifMatch: true },
  responses: {
    200: { description: 'The updated device', schema: 'Device', headers: ['ETag'] },
  },
  errors: [403, 404, 409, 412],
});
