import { ListInvitationsQuery } from '../schemas/invitations.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listInvitations',
  method: 'GET',
  path: '/v1/accounts/{accountId}/invitations',
  auth: memberAuth,
  area: 'invitations',
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'List invitations with one status (default pending), newest first',
  tags: ['invitations'],
  request: { query: ListInvitationsQuery },
  responses: {
    200: { description: 'A page of invitations', schema: 'InvitationPage' },
  },
  errors: [403, 404],
});
