import { MfaSignInBody } from '../schemas/lifecycle.ts';
import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'completeMfaSignIn',
  method: 'POST',
  path: '/v1/auth/mfa',
  auth: publicAuth,
  floodLimited: true,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'identity:sign-in', 'secret:sealing-key'],
  summary: 'Answer the SOFTWARE_TOKEN_MFA challenge with a TOTP code',
  tags: ['auth', 'mfa'],
  request: { body: MfaSignInBody },
  responses: {
    200: { description: 'Tokens', schema: 'Tokens' },
  },
  errors: [429],
});
