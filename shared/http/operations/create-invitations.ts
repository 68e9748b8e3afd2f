import { disposableDomainsFile } from '#config/data-files.ts';
import { CreateInvitationsBody } from '../schemas/invitations.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'createInvitations',
  method: 'POST',
  path: '/v1/accounts/{accountId}/invitations',
  auth: memberAuth,
  area: 'invitations',
  grants: ['table:read', 'table:write', 'mail:send'],
  summary: 'Invite up to 100 people by email; one result per address',
  tags: ['invitations'],
  request: { body: CreateInvitationsBody, idempotent: true },
  responses: {
    200: { description: 'One result per address, in input order', schema: 'CreateInvitationsResponse' },
  },
  errors: [403, 404, 422, 429],
  dataFiles: [disposableDomainsFile],
});
