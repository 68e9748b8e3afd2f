import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';
import { AcceptInvitationForm } from '../schemas/link-forms.ts';

export const route = defineRoute({
  operationId: 'submitAcceptInvitationPage',
  method: 'POST',
  path: '/accept-invitation',
  auth: publicAuth,
  page: true,
  floodLimited: true,
  area: 'pages',
  grants: ['table:read', 'table:write', 'identity:provision', 'identity:sign-in'],
  summary: 'Hosted page: accept an invitation or setup link (the same use case as POST /v1/invitations/accept)',
  tags: ['pages'],
  request: { form: AcceptInvitationForm },
  responses: {
    200: { description: 'The member joined ("You are in"), or the form with what to correct', mediaType: 'text/html' },
    404: { description: 'An unknown link, and what to do', mediaType: 'text/html' },
    410: { description: 'A link used, expired or withdrawn: what happened, and what to do', mediaType: 'text/html' },
    409: {
      description: 'The link is being used right now, or its invitation can no longer be given',
      mediaType: 'text/html',
    },
  },
});
