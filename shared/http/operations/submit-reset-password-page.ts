import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';
import { ResetPasswordForm } from '../schemas/link-forms.ts';

export const route = defineRoute({
  operationId: 'submitResetPasswordPage',
  method: 'POST',
  path: '/reset-password',
  auth: publicAuth,
  page: true,
  floodLimited: true,
  area: 'pages',
  grants: ['table:read', 'table:write', 'identity:credentials'],
  summary: 'Hosted page: set the new password (the same use case as POST /v1/auth/reset-password)',
  tags: ['pages'],
  request: { form: ResetPasswordForm },
  responses: {
    200: {
      description: 'The password is set, the form with what to correct, or what happened to the link',
      mediaType: 'text/html',
    },
    404: { description: 'An unknown link, and what to do', mediaType: 'text/html' },
    410: { description: 'A link used, expired or withdrawn: what happened, and what to do', mediaType: 'text/html' },
  },
});
