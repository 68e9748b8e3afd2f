import { VoicemailPinBody } from '../schemas/services.ts';
import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'setVoicemailPin',
  method: 'POST',
  path: '/v1/voicemail-pin',
  auth: publicAuth,
  floodLimited: true,
  area: 'lifecycle',
  grants: ['table:read', 'table:write'],
  summary: "Set a voice service's voicemail PIN with the link its welcome mail carried",
  tags: ['services'],
  request: { body: VoicemailPinBody },
  responses: {
    204: { description: 'PIN set; the link is used up' },
  },
  errors: [404, 410],
});
