import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getAccountSettings',
  method: 'GET',
  path: '/v1/accounts/{accountId}/settings',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read'],
  summary: 'The account-level settings and their effective values',
  tags: ['settings'],
  responses: {
    200: { description: 'Settings', schema: 'AccountSettings', headers: ['ETag'] },
  },
  errors: [403, 404],
});
