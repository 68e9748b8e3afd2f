import { MAX_IMPORT_BYTES } from '#domain/member-import.ts';
import { StartImportQuery } from '../schemas/imports.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'startImport',
  method: 'POST',
  path: '/v1/accounts/{accountId}/imports',
  auth: memberAuth,
  area: 'imports',
  grants: ['table:read', 'table:write', 'queue:send'],
  summary:
    'Import members from a CSV file (account managers, admins with manageUsers): checked at once, then run by a worker',
  tags: ['imports'],
  request: {
    rawBody: {
      mediaType: 'text/csv',
      maxBytes: MAX_IMPORT_BYTES,
      description:
        'RFC 4180 CSV, UTF-8 with or without a BOM, CRLF or LF; a header row naming the columns (any order, any case); at most 10,000 data rows.',
    },
    query: StartImportQuery,
    idempotent: true,
  },
  responses: {
    202: { description: 'The import, queued', schema: 'MemberImport' },
    200: {
      description: 'The same file was uploaded with the same options within 24 hours: that import',
      schema: 'MemberImport',
    },
  },
  location: '/v1/accounts/{accountId}/imports/{id}',
  errors: [403, 404, 409, 413, 415, 422],
});
