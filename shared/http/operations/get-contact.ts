import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getContact',
  method: 'GET',
  path: '/v1/accounts/{accountId}/contacts/{contactId}',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read'],
  summary: 'Read a shared contact (one a member cannot see is 404 to them)',
  tags: ['contacts'],
  responses: {
    200: { description: 'The contact', schema: 'Contact', headers: ['ETag'] },
  },
  errors: [404],
});
