import { ListImportsQuery } from '../schemas/imports.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listImports',
  method: 'GET',
  path: '/v1/accounts/{accountId}/imports',
  auth: memberAuth,
  area: 'imports',
  grants: ['table:read', 'secret:sealing-key'],
  summary: "The account's imports, newest first (account managers: all; others: the ones they started)",
  tags: ['imports'],
  request: { query: ListImportsQuery },
  responses: { 200: { description: 'A page of imports', schema: 'MemberImportPage' } },
  errors: [404],
});
