import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';
import { SignOutForm } from '../schemas/sign-in-pages.ts';

export const route = defineRoute({
  operationId: 'signOut',
  method: 'POST',
  path: '/sign-out',
  auth: publicAuth,
  page: true,
  area: 'pages',
  grants: [],
  summary: 'Hosted page: sign out of the pages (the session cookie is cleared; then the sign-in page)',
  tags: ['pages'],
  request: { form: SignOutForm },
  responses: {
    303: { description: 'To the sign-in page, the session cookie cleared' },
  },
});
