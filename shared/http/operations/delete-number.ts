import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'deleteNumber',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/numbers/{numberId}',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write'],
  summary: 'Delete a number and release it (account managers)',
  tags: ['numbers'],
  request: { ifMatch: true },
  responses: {
    204: { description: 'Deleted' },
  },
  errors: [403, 404, 409, 412],
});
