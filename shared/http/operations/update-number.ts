import { UpdateNumberBody } from '../schemas/numbers.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'updateNumber',
  method: 'PATCH',
  path: '/v1/accounts/{accountId}/numbers/{numberId}',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write'],
  summary: "Change a number's label (account managers)",
  tags: ['numbers'],
  request: { body: UpdateNumberBody, ifMatch: true },
  responses: {
    200: { description: 'The updated number', schema: 'PhoneNumber', headers: ['ETag'] },
  },
  errors: [403, 404, 409, 412],
});
