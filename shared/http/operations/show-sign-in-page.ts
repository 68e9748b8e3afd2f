import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';
import { SignInPageQuery } from '../schemas/sign-in-pages.ts';

export const route = defineRoute({
  operationId: 'showSignInPage',
  method: 'GET',
  path: '/sign-in',
  auth: publicAuth,
  page: true,
  floodLimited: true,
  area: 'pages',
  // a visitor who is signed in already goes on to their account page
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'Hosted page: sign in (email and password)',
  tags: ['pages'],
  request: { query: SignInPageQuery },
  responses: {
    200: { description: 'The sign-in form', mediaType: 'text/html' },
  },
});
