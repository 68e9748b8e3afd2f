import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'deleteUnit',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/units/{unitId}',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read', 'table:write'],
  summary: 'Delete an empty unit (not the root)',
  tags: ['units'],
  request: { ifMatch: true },
  responses: {
    204: { description: 'Deleted' },
  },
  errors: [403, 404, 409, 412],
});
