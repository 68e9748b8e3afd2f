import { CreateDeviceBody } from '../schemas/devices.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'createDevice',
  method: 'POST',
  path: '/v1/accounts/{accountId}/users/{userId}/devices',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write'],
  summary: 'Add a phone to a member (extension unique in the account, MAC address in the deployment)',
  tags: ['users', 'devices'],
  request: { body: CreateDeviceBody, idempotent: true },
  responses: {
    201: { description: 'The new device', schema: 'Device', headers: ['ETag'] },
  },
  location: '/v1/accounts/{accountId}/users/{userId}/devices/{id}',
  errors: [403, 404, 409, 422],
});
