import { CreateGroupBody } from '../schemas/groups.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'createGroup',
  method: 'POST',
  path: '/v1/accounts/{accountId}/groups',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read', 'table:write'],
  summary: 'Create a group (account managers, admins with manageUsers); names are unique case-insensitively',
  tags: ['groups'],
  request: { body: CreateGroupBody, idempotent: true },
  responses: {
    201: { description: 'The new group', schema: 'Group', headers: ['ETag'] },
  },
  location: '/v1/accounts/{accountId}/groups/{id}',
  errors: [403, 404, 409, 422],
});
