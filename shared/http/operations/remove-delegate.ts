import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'removeDelegate',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/users/{userId}/delegates/{delegateUserId}',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read', 'table:write'],
  summary: 'End a delegation (account managers only)',
  tags: ['users', 'delegates'],
  request: { emptyBody: true },
  responses: {
    204: { description: 'Ended' },
  },
  errors: [403, 404],
});
