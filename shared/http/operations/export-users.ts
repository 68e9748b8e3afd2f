import { ExportUsersQuery } from '../schemas/member-export.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'exportUsers',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/export',
  auth: memberAuth,
  area: 'directory',
  grants: ['table:read', 'secret:sealing-key'],
  summary:
    'The directory as a CSV member file (the import columns): account managers get every member, admins their scope',
  tags: ['users'],
  request: { query: ExportUsersQuery },
  responses: {
    200: {
      description:
        'A CSV file (header and rows). Past about 5 MB it ends at a member and `Link: <…?cursor=…>; rel="next"` ' +
        'names the next page, itself a whole file',
      mediaType: 'text/csv',
      headers: ['Link', 'Content-Disposition'],
    },
  },
  errors: [403, 404],
});
