import { TotpCodeBody } from '../schemas/lifecycle.ts';
import { meAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'verifyTotpEnrollment',
  method: 'POST',
  path: '/v1/me/mfa/totp/verify',
  auth: meAuth,
  mfaEnrollment: true,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'identity:sign-in'],
  summary: 'Finish TOTP enrollment with a code; sessions from before are revoked',
  tags: ['me', 'mfa'],
  request: { body: TotpCodeBody },
  responses: {
    200: { description: 'MFA is on', schema: 'MfaEnabled' },
  },
  errors: [409, 429],
});
