import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';
import { AccountPageQuery } from '../schemas/sign-in-pages.ts';

export const route = defineRoute({
  operationId: 'showAccountPage',
  method: 'GET',
  path: '/account',
  // the page authenticates its session cookie itself, with the member routes' authenticator
  auth: publicAuth,
  page: true,
  floodLimited: true,
  area: 'pages',
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'Hosted page: the accounts and two-step sign-in of the signed-in person (signed out: to the sign-in page)',
  tags: ['pages'],
  request: { query: AccountPageQuery },
  responses: {
    200: { description: 'The account page', mediaType: 'text/html' },
  },
});
