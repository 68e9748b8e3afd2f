import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'requestUserPasswordReset',
  method: 'POST',
  path: '/v1/accounts/{accountId}/users/{userId}/password-reset',
  auth: memberAuth,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'identity:credentials', 'mail:send'],
  summary: 'Force a password reset: sessions revoked, password void, a link mailed',
  tags: ['users', 'credentials'],
  request: { emptyBody: true },
  responses: {
    202: { description: 'The reset link is on its way', schema: 'ResetAccepted' },
  },
  errors: [403, 404, 409],
});
