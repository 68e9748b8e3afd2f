import { scimAuth } from '../scim/auth.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'scimGetServiceProviderConfig',
  method: 'GET',
  path: '/scim/v2/accounts/{accountId}/ServiceProviderConfig',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  // every SCIM request counts against the account's rate limit (a conditional write)
  grants: ['table:read', 'table:write'],
  summary: 'SCIM: what this service provider supports (RFC 7643 §5)',
  tags: ['scim'],
  responses: {
    200: { description: 'The service provider configuration' },
  },
  errors: [429],
});
