import { UpdateServiceBody } from '../schemas/services.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'updateService',
  method: 'PATCH',
  path: '/v1/accounts/{accountId}/users/{userId}/services/{serviceId}',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write', 'mail:send'],
  summary: "Change a service's settings, or send its welcome mail again",
  tags: ['services'],
  request: { body: UpdateServiceBody, ifMatch: true },
  responses: {
    200: { description: 'The service', schema: 'Service', headers: ['ETag'] },
  },
  errors: [403, 404, 409, 412, 429],
});
