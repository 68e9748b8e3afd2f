import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'addDelegate',
  method: 'PUT',
  path: '/v1/accounts/{accountId}/users/{userId}/delegates/{delegateUserId}',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read', 'table:write'],
  summary: 'Make a member the delegate of another: they administer that member (account managers only)',
  tags: ['users', 'delegates'],
  request: { emptyBody: true },
  responses: {
    200: { description: 'The delegation already existed', schema: 'Delegation' },
    201: { description: 'The delegation was created', schema: 'Delegation' },
  },
  location: '/v1/accounts/{accountId}/users/{userId}/delegates/{delegateUserId}',
  errors: [403, 404, 409],
});
