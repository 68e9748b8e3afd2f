import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'showForgotPasswordPage',
  method: 'GET',
  path: '/forgot-password',
  auth: publicAuth,
  page: true,
  area: 'pages',
  grants: [],
  summary: 'Hosted page: ask for a password reset link',
  tags: ['pages'],
  responses: {
    200: { description: 'The form', mediaType: 'text/html' },
  },
});
