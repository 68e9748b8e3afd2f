import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getUnit',
  method: 'GET',
  path: '/v1/accounts/{accountId}/units/{unitId}',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read'],
  summary: 'Read an organisation unit',
  tags: ['units'],
  responses: {
    200: { description: 'The unit', schema: 'OrgUnit', headers: ['ETag'] },
  },
  errors: [403, 404],
});
