import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'unassignNumber',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/numbers/{numberId}/assignment',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write'],
  summary: 'Unassign a number: account managers, and admins for members they manage',
  tags: ['numbers'],
  request: { ifMatch: true },
  responses: {
    204: { description: 'The number is assigned to nobody' },
  },
  errors: [403, 404, 409, 412],
});
