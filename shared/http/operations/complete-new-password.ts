import { NewPasswordBody } from '../schemas/lifecycle.ts';
import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'completeNewPassword',
  method: 'POST',
  path: '/v1/auth/new-password',
  auth: publicAuth,
  floodLimited: true,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'identity:sign-in', 'secret:sealing-key'],
  summary: 'Answer the NEW_PASSWORD_REQUIRED challenge with a password of one’s own',
  tags: ['auth', 'credentials'],
  request: { body: NewPasswordBody },
  responses: {
    200: {
      description: 'Tokens, or the next challenge (SOFTWARE_TOKEN_MFA; MFA_SETUP when the account requires MFA)',
      schema: 'SignInResponse',
    },
  },
});
