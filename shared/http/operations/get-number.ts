import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getNumber',
  method: 'GET',
  path: '/v1/accounts/{accountId}/numbers/{numberId}',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read'],
  summary: 'A phone number with its assignment (account managers and admins)',
  tags: ['numbers'],
  responses: {
    200: { description: 'The number', schema: 'PhoneNumber', headers: ['ETag'] },
  },
  errors: [403, 404],
});
