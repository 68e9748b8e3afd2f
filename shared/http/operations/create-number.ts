import { CreateNumberBody } from '../schemas/numbers.ts';
import { phoneMetadataFile } from '#config/data-files.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'createNumber',
  method: 'POST',
  path: '/v1/accounts/{accountId}/numbers',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'table:write'],
  summary: 'Add a phone number to the account (unique in the whole deployment; account managers)',
  tags: ['numbers'],
  request: { body: CreateNumberBody, idempotent: true },
  responses: {
    201: { description: 'The new number', schema: 'PhoneNumber', headers: ['ETag'] },
  },
  location: '/v1/accounts/{accountId}/numbers/{id}',
  errors: [403, 404, 409, 422],
  dataFiles: [phoneMetadataFile],
});
