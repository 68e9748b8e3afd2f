import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';
import { AccountPageForm } from '../schemas/sign-in-pages.ts';

export const route = defineRoute({
  operationId: 'submitAccountPage',
  method: 'POST',
  path: '/account',
  // the page authenticates its session cookie itself, with the member routes' authenticator
  auth: publicAuth,
  page: true,
  floodLimited: true,
  area: 'pages',
  grants: ['table:read', 'table:write', 'identity:sign-in', 'secret:sealing-key'],
  summary: 'Hosted page: turn two-step sign-in on (start, then verify a code) or off (with a current code)',
  tags: ['pages'],
  request: { form: AccountPageForm },
  responses: {
    200: { description: 'The account page, with the next step or what to correct', mediaType: 'text/html' },
  },
});
