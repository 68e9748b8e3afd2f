import { ForgotPasswordBody } from '../schemas/lifecycle.ts';
import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'forgotPassword',
  method: 'POST',
  path: '/v1/auth/forgot-password',
  auth: publicAuth,
  floodLimited: true,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'mail:send'],
  summary: 'Ask for a password reset link (same answer for every email)',
  tags: ['auth', 'credentials'],
  request: { body: ForgotPasswordBody },
  responses: {
    202: { description: 'Accepted; a link is mailed if the email belongs to an active member', schema: 'Accepted' },
  },
});
