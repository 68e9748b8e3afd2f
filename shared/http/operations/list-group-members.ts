import { GroupPageQuery } from '../schemas/groups.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listGroupMembers',
  method: 'GET',
  path: '/v1/accounts/{accountId}/groups/{groupId}/members',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read', 'secret:sealing-key'],
  summary: "A group's members by username, page by page (account managers and admins)",
  tags: ['groups'],
  request: { query: GroupPageQuery },
  responses: {
    200: { description: 'A page of memberships', schema: 'GroupMemberPage' },
  },
  errors: [403, 404],
});
