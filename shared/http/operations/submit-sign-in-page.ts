import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';
import { SignInPageForm } from '../schemas/sign-in-pages.ts';

export const route = defineRoute({
  operationId: 'submitSignInPage',
  method: 'POST',
  path: '/sign-in',
  auth: publicAuth,
  page: true,
  floodLimited: true,
  area: 'pages',
  grants: ['table:read', 'table:write', 'identity:sign-in', 'secret:sealing-key'],
  summary:
    'Hosted page: a sign-in step (password; then the TOTP code, the MFA enrolment an account requires, or a new password); signed in: to the account page',
  tags: ['pages'],
  request: { form: SignInPageForm },
  responses: {
    200: { description: 'The next step, or the step again with what to correct', mediaType: 'text/html' },
  },
});
