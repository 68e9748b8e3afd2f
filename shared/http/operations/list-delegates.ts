import { ListDelegatesQuery } from '../schemas/delegations.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listDelegates',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}/delegates',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'The members who administer this member as delegates',
  tags: ['users', 'delegates'],
  request: { query: ListDelegatesQuery },
  responses: {
    200: { description: 'A page of delegations', schema: 'DelegationPage' },
  },
  errors: [403, 404],
});
