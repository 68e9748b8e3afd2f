import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';
import { LinkQuery } from '../schemas/link-forms.ts';

export const route = defineRoute({
  operationId: 'showAcceptInvitationPage',
  method: 'GET',
  path: '/accept-invitation',
  auth: publicAuth,
  page: true,
  floodLimited: true,
  area: 'pages',
  grants: ['table:read'],
  summary: 'Hosted page: join an account with an invitation or setup link',
  tags: ['pages'],
  request: { query: LinkQuery },
  responses: {
    200: { description: 'The form', mediaType: 'text/html' },
    404: { description: 'An unknown link, and what to do', mediaType: 'text/html' },
    410: { description: 'A link used, expired or withdrawn: what happened, and what to do', mediaType: 'text/html' },
  },
});
