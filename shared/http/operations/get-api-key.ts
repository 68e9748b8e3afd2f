import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getApiKey',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}/api-keys/{keyId}',
  auth: memberAuth,
  area: 'directory',
  grants: ['table:read'],
  summary: "One of a system user's API keys (never its secret)",
  tags: ['users', 'api-keys'],
  responses: {
    200: { description: 'The key', schema: 'ApiKey' },
  },
  errors: [403, 404, 409],
});
