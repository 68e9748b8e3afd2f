import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimReplaceGroup',
  method: 'PUT',
  path: '/scim/v2/accounts/{accountId}/Groups/{groupId}',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: "SCIM: replace a group's displayName, externalId and the members this connection manages",
  tags: ['scim'],
  responses: {
    200: { description: 'The group', headers: ['ETag'] },
  },
  errors: [400, 404, 409, 412, 413, 415, 429],
});
