import { ResetPasswordBody } from '../schemas/lifecycle.ts';
import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'resetPassword',
  method: 'POST',
  path: '/v1/auth/reset-password',
  auth: publicAuth,
  floodLimited: true,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'identity:credentials'],
  summary: 'Set a new password with a reset link',
  tags: ['auth', 'credentials'],
  request: { body: ResetPasswordBody },
  responses: {
    204: { description: 'Password set; every session revoked' },
  },
  errors: [404, 410],
});
