import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimCreateGroup',
  method: 'POST',
  path: '/scim/v2/accounts/{accountId}/Groups',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: 'SCIM: create a group with its members (displayName and externalId unique in the account)',
  tags: ['scim'],
  responses: {
    201: { description: 'The new group', headers: ['ETag'] },
  },
  location: '/scim/v2/accounts/{accountId}/Groups/{id}',
  errors: [400, 404, 409, 413, 415, 429],
});
