import { ListImportRowsQuery } from '../schemas/imports.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listImportRows',
  method: 'GET',
  path: '/v1/accounts/{accountId}/imports/{importId}/rows',
  auth: memberAuth,
  area: 'imports',
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'What happened to each row of an import, by line; `status` keeps one outcome (e.g. the failed rows)',
  tags: ['imports'],
  request: { query: ListImportRowsQuery },
  responses: { 200: { description: 'A page of row results', schema: 'ImportRowPage' } },
  errors: [404],
});
