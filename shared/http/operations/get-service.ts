import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getService',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}/services/{serviceId}',
  auth: memberAuth,
  readsPathMember: true,
  area: 'telephony',
  grants: ['table:read'],
  summary: "Read one of a member's services (its id is its type: fax, sms or voice)",
  tags: ['services'],
  responses: {
    200: { description: 'The service', schema: 'Service', headers: ['ETag'] },
  },
  errors: [403, 404],
});
