import { AcceptInvitationBody } from '../schemas/auth.ts';
import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'acceptInvitation',
  method: 'POST',
  path: '/v1/invitations/accept',
  auth: publicAuth,
  floodLimited: true,
  area: 'directory',
  grants: ['table:read', 'table:write', 'identity:provision', 'identity:sign-in'],
  summary: 'Accept a setup or invitation link and set (or confirm) the password',
  tags: ['auth'],
  request: { body: AcceptInvitationBody },
  responses: {
    200: { description: 'The member is active', schema: 'AcceptInvitationResponse' },
  },
  errors: [401, 404, 410],
});
