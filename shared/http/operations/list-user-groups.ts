import { GroupPageQuery } from '../schemas/groups.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listUserGroups',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}/groups',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'The groups a member belongs to (the member themselves, and whoever may read them)',
  tags: ['groups', 'users'],
  request: { query: GroupPageQuery },
  responses: {
    200: { description: 'A page of groups', schema: 'GroupPage' },
  },
  errors: [403, 404],
});
