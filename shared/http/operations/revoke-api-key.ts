import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'revokeApiKey',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/users/{userId}/api-keys/{keyId}',
  auth: memberAuth,
  area: 'directory',
  grants: ['table:read', 'table:write'],
  summary: 'Revoke an API key: refused from the next request on',
  tags: ['users', 'api-keys'],
  request: { emptyBody: true },
  responses: {
    204: { description: 'Revoked' },
  },
  errors: [403, 404, 409],
});
