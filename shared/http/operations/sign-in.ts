import { SignInBody } from '../schemas/auth.ts';
import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'signIn',
  method: 'POST',
  path: '/v1/auth/token',
  auth: publicAuth,
  floodLimited: true,
  area: 'platform',
  grants: ['table:read', 'table:write', 'identity:sign-in', 'secret:sealing-key'],
  summary: 'Sign in with email and password',
  tags: ['auth'],
  request: { body: SignInBody },
  responses: {
    200: {
      description: 'Tokens, or an MFA challenge (SOFTWARE_TOKEN_MFA; MFA_SETUP when the account requires MFA)',
      schema: 'SignInResponse',
    },
  },
});
