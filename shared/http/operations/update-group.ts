import { UpdateGroupBody } from '../schemas/groups.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'updateGroup',
  method: 'PATCH',
  path: '/v1/accounts/{accountId}/groups/{groupId}',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read', 'table:write'],
  summary: 'Rename a group or change its description (account managers, admins with manageUsers)',
  tags: ['groups'],
  request: { body: UpdateGroupBody, ifMatch: true },
  responses: {
    200: { description: 'The updated group', schema: 'Group', headers: ['ETag'] },
  },
  errors: [403, 404, 409, 412],
});
