import { UpdateAccountBody } from '../schemas/accounts.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'updateAccount',
  method: 'PATCH',
  path: '/v1/accounts/{accountId}',
  auth: memberAuth,
  area: 'directory',
  grants: ['table:read', 'table:write'],
  summary: 'Update an account’s name and contact details',
  tags: ['accounts'],
  request: { body: UpdateAccountBody, ifMatch: true },
  responses: {
    200: { description: 'The updated account', schema: 'Account', headers: ['ETag'] },
  },
  errors: [403, 404, 409, 412],
});
