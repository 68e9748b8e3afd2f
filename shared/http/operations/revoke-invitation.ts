import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'revokeInvitation',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/invitations/{invitationId}',
  auth: memberAuth,
  area: 'invitations',
  grants: ['table:read', 'table:write'],
  summary: 'Revoke an invitation; its link answers 410',
  tags: ['invitations'],
  responses: {
    204: { description: 'Revoked' },
  },
  errors: [403, 404, 409],
});
