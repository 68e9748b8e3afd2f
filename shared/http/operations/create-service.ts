import { CreateServiceBody } from '../schemas/services.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'createService',
  method: 'POST',
  path: '/v1/accounts/{accountId}/users/{userId}/services',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write', 'mail:send'],
  summary: "Create (or re-open) a member's fax, SMS or voice service; optionally mail them that it is ready",
  tags: ['services'],
  request: { body: CreateServiceBody, idempotent: true },
  responses: {
    201: { description: 'The service', schema: 'Service', headers: ['ETag'] },
  },
  location: '/v1/accounts/{accountId}/users/{userId}/services/{id}',
  errors: [403, 404, 409, 422, 429],
});
