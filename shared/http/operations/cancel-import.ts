import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'cancelImport',
  method: 'POST',
  path: '/v1/accounts/{accountId}/imports/{importId}/cancel',
  auth: memberAuth,
  area: 'imports',
  grants: ['table:read', 'table:write'],
  summary: 'Cancel an import: at once while it is queued, else after the rows in flight',
  tags: ['imports'],
  request: { emptyBody: true },
  responses: {
    202: { description: 'The import, cancelled or asked to stop after its batch in flight', schema: 'MemberImport' },
  },
  errors: [404, 409],
});
