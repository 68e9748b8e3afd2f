import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'sendUserInvitation',
  method: 'POST',
  path: '/v1/accounts/{accountId}/users/{userId}/invitation',
  auth: memberAuth,
  area: 'invitations',
  grants: ['table:read', 'table:write', 'mail:send', 'identity:credentials'],
  summary:
    'Send a member’s setup mail again; a member who had set up their sign-in is signed out and sets a new password',
  tags: ['invitations', 'users'],
  responses: {
    202: { description: 'The setup mail is on its way', schema: 'UserInvitationResponse' },
  },
  errors: [403, 404, 409, 429],
});
