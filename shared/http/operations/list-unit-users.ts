import { ListUnitUsersQuery } from '../schemas/user-queries.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listUnitUsers',
  method: 'GET',
  path: '/v1/accounts/{accountId}/units/{unitId}/users',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'The members of a unit, or with includeDescendants=true of its whole subtree (one Query per page)',
  tags: ['units', 'users'],
  request: { query: ListUnitUsersQuery },
  responses: {
    200: { description: 'A page of members, by unit path then username', schema: 'UserPage' },
  },
  errors: [403, 404],
});
