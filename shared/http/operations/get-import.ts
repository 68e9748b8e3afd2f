import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getImport',
  method: 'GET',
  path: '/v1/accounts/{accountId}/imports/{importId}',
  auth: memberAuth,
  area: 'imports',
  grants: ['table:read'],
  summary: "An import's status and counts (account managers: any; others: the imports they started)",
  tags: ['imports'],
  responses: { 200: { description: 'The import', schema: 'MemberImport' } },
  errors: [404],
});
