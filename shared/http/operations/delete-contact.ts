import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'deleteContact',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/contacts/{contactId}',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read', 'table:write'],
  summary: 'Delete a shared contact and its shares (account managers and admins)',
  tags: ['contacts'],
  request: { ifMatch: true },
  responses: {
    204: { description: 'Deleted' },
  },
  errors: [403, 404, 409, 412],
});
