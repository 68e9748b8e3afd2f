import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'resetUserMfa',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/users/{userId}/mfa',
  auth: memberAuth,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'identity:mfa'],
  summary: 'Remove a member’s MFA (lost device); sessions revoked',
  tags: ['users', 'mfa'],
  request: { emptyBody: true },
  responses: {
    204: { description: 'MFA removed' },
  },
  errors: [403, 404, 409],
});
