import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';
import { VoicemailPinForm } from '../schemas/link-forms.ts';

export const route = defineRoute({
  operationId: 'submitVoicemailPinPage',
  method: 'POST',
  path: '/voicemail-pin',
  auth: publicAuth,
  page: true,
  floodLimited: true,
  area: 'pages',
  grants: ['table:read', 'table:write'],
  summary: 'Hosted page: set the voicemail PIN (the same use case as POST /v1/voicemail-pin)',
  tags: ['pages'],
  request: { form: VoicemailPinForm },
  responses: {
    200: {
      description: 'The PIN is set, the form with what to correct, or what happened to the link',
      mediaType: 'text/html',
    },
    404: { description: 'An unknown link, and what to do', mediaType: 'text/html' },
    410: { description: 'A link used, expired or withdrawn: what happened, and what to do', mediaType: 'text/html' },
  },
});
