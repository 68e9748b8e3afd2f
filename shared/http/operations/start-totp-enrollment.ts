import { StartTotpEnrollmentBody } from '../schemas/lifecycle.ts';
import { meAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'startTotpEnrollment',
  method: 'POST',
  path: '/v1/me/mfa/totp',
  auth: meAuth,
  mfaEnrollment: true,
  area: 'lifecycle',
  grants: ['table:read', 'table:write', 'identity:sign-in'],
  summary:
    'Start TOTP enrollment: a new secret for the authenticator app (the current password unless signed in within 5 minutes; replacing one: a current code too)',
  tags: ['me', 'mfa'],
  request: { body: StartTotpEnrollmentBody },
  responses: {
    200: { description: 'The secret, shown once', schema: 'TotpEnrollment' },
  },
  errors: [403, 409, 429],
});
