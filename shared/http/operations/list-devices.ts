import { ListDevicesQuery } from '../schemas/devices.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listDevices',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}/devices',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'secret:sealing-key'],
  summary: "A member's phones",
  tags: ['users', 'devices'],
  request: { query: ListDevicesQuery },
  responses: {
    200: { description: 'A page of devices', schema: 'DevicePage' },
  },
  errors: [403, 404],
});
