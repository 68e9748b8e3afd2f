import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listApiKeys',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}/api-keys',
  auth: memberAuth,
  area: 'directory',
  grants: ['table:read'],
  summary: "A system user's API keys (never their secrets); at most ten, so one page",
  tags: ['users', 'api-keys'],
  responses: {
    200: { description: 'The keys, newest first', schema: 'ApiKeyList' },
  },
  errors: [403, 404, 409],
});
