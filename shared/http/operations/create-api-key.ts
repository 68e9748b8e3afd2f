import { CreateApiKeyBody } from '../schemas/api-keys.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'createApiKey',
  method: 'POST',
  path: '/v1/accounts/{accountId}/users/{userId}/api-keys',
  auth: memberAuth,
  area: 'directory',
  grants: ['table:read', 'table:write'],
  summary: 'Create an API key for a system user; the key is shown in this answer only',
  tags: ['users', 'api-keys'],
  request: { body: CreateApiKeyBody },
  responses: {
    201: { description: 'The new key, with its secret (shown once)', schema: 'CreatedApiKey' },
  },
  location: '/v1/accounts/{accountId}/users/{userId}/api-keys/{id}',
  errors: [403, 404, 409],
});
