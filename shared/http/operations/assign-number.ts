import { AssignNumberBody } from '../schemas/numbers.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'assignNumber',
  method: 'PUT',
  path: '/v1/accounts/{accountId}/numbers/{numberId}/assignment',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write'],
  summary: 'Assign a number to a member (or move it to another): account managers, and admins for members they manage',
  tags: ['numbers'],
  request: { body: AssignNumberBody, ifMatch: true },
  responses: {
    200: { description: 'The number with its assignment', schema: 'PhoneNumber', headers: ['ETag'] },
  },
  errors: [403, 404, 409, 412],
});
