import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimPatchGroup',
  method: 'PATCH',
  path: '/scim/v2/accounts/{accountId}/Groups/{groupId}',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: 'SCIM: change a group (rename, externalId, add, remove or replace up to 1,000 members)',
  tags: ['scim'],
  responses: {
    204: { description: 'Changed' },
  },
  errors: [400, 404, 409, 412, 413, 415, 429],
});
