import { phoneMetadataFile } from '#config/data-files.ts';
import { UpdateContactBody } from '../schemas/contacts.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'updateContact',
  method: 'PATCH',
  path: '/v1/accounts/{accountId}/contacts/{contactId}',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read', 'table:write'],
  dataFiles: [phoneMetadataFile],
  summary: 'Change a shared contact or whom it is shared with (account managers and admins)',
  tags: ['contacts'],
  request: { body: UpdateContactBody, ifMatch: true },
  responses: {
    200: { description: 'The updated contact', schema: 'Contact', headers: ['ETag'] },
  },
  errors: [403, 404, 409, 412],
});
