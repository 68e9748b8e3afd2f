import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimListGroups',
  method: 'GET',
  path: '/scim/v2/accounts/{accountId}/Groups',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary:
    "SCIM: the account's groups (eq filters on displayName, externalId, id, members[value eq]; paging by startIndex)",
  tags: ['scim'],
  responses: {
    200: { description: 'A ListResponse of groups' },
  },
  errors: [400, 429, 501],
});
