import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'startTotpEnrollment',
  method: 'POST',
  path: '/v1/me/mfa/totp',
  auth: memberAuth,
  mfaEnrollment: true,
  area: 'lifecycle',
  grants: ['table:read', 'identity:sign-in'],
  summary: 'Start TOTP enrollment: a new secret for the authenticator app',
  tags: ['me', 'mfa'],
  request: { emptyBody: true },
  responses: {
    200: { description: 'The secret, shown once', schema: 'TotpEnrollment' },
  },
  errors: [409],
});
