import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'resendInvitation',
  method: 'POST',
  path: '/v1/accounts/{accountId}/invitations/{invitationId}/resend',
  auth: memberAuth,
  area: 'invitations',
  grants: ['table:read', 'table:write', 'mail:send'],
  summary: 'Send an invitation again with a new link; the old link stops working',
  tags: ['invitations'],
  responses: {
    200: { description: 'The invitation, with its new expiry', schema: 'Invitation' },
  },
  errors: [403, 404, 409, 429],
});
