import { TotpCodeBody } from '../schemas/lifecycle.ts';
import { meAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'disableMfa',
  method: 'DELETE',
  path: '/v1/me/mfa',
  auth: meAuth,
  mfaEnrollment: true,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'identity:sign-in'],
  summary: 'Turn one’s own MFA off with a current code',
  tags: ['me', 'mfa'],
  request: { body: TotpCodeBody },
  responses: {
    204: { description: 'MFA is off' },
  },
  errors: [403, 409, 429],
});
