import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getGroup',
  method: 'GET',
  path: '/v1/accounts/{accountId}/groups/{groupId}',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read'],
  summary: 'Read a group with its member and shared-item counts (account managers and admins)',
  tags: ['groups'],
  responses: {
    200: { description: 'The group', schema: 'Group', headers: ['ETag'] },
  },
  errors: [403, 404],
});
