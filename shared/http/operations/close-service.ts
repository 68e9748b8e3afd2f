import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'closeService',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/users/{userId}/services/{serviceId}',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write'],
  summary: 'Close a service (it stays listed with status "closed"; creating its type again re-opens it)',
  tags: ['services'],
  request: { emptyBody: true, ifMatch: true },
  responses: {
    204: { description: 'Closed' },
  },
  errors: [403, 404, 412],
});
