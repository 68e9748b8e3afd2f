import { phoneMetadataFile } from '#config/data-files.ts';
import { CreateContactBody } from '../schemas/contacts.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'createContact',
  method: 'POST',
  path: '/v1/accounts/{accountId}/contacts',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read', 'table:write'],
  dataFiles: [phoneMetadataFile],
  summary: 'Create a shared contact, for everyone or for the members of some groups (account managers and admins)',
  tags: ['contacts'],
  request: { body: CreateContactBody, idempotent: true },
  responses: {
    201: { description: 'The new contact', schema: 'Contact', headers: ['ETag'] },
  },
  location: '/v1/accounts/{accountId}/contacts/{id}',
  errors: [403, 404, 409, 422],
});
