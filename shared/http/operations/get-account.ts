import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getAccount',
  method: 'GET',
  path: '/v1/accounts/{accountId}',
  auth: memberAuth,
  area: 'directory',
  grants: ['table:read'],
  summary: 'Read an account',
  tags: ['accounts'],
  responses: {
    200: { description: 'The account', schema: 'Account', headers: ['ETag'] },
  },
  errors: [404],
});
