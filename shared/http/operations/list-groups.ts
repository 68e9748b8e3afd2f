import { GroupPageQuery } from '../schemas/groups.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listGroups',
  method: 'GET',
  path: '/v1/accounts/{accountId}/groups',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read', 'secret:sealing-key'],
  summary: "The account's groups by name, page by page (account managers and admins)",
  tags: ['groups'],
  request: { query: GroupPageQuery },
  responses: {
    200: { description: 'A page of groups', schema: 'GroupPage' },
  },
  errors: [403, 404],
});
