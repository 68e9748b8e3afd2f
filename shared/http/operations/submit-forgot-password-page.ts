import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';
import { ForgotPasswordForm } from '../schemas/page-forms.ts';

export const route = defineRoute({
  operationId: 'submitForgotPasswordPage',
  method: 'POST',
  path: '/forgot-password',
  auth: publicAuth,
  page: true,
  floodLimited: true,
  area: 'pages',
  grants: ['table:read', 'table:write', 'mail:send'],
  summary: 'Hosted page: send a password reset link (the same answer for every address)',
  tags: ['pages'],
  request: { form: ForgotPasswordForm },
  responses: {
    200: { description: 'The answer, or the form with what to correct', mediaType: 'text/html' },
  },
});
