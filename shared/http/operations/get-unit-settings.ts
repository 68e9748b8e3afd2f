import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getUnitSettings',
  method: 'GET',
  path: '/v1/accounts/{accountId}/units/{unitId}/settings',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read'],
  summary: 'A unit’s overrides and its effective settings, each with its source',
  tags: ['settings', 'units'],
  responses: {
    200: { description: 'Settings', schema: 'UnitSettings', headers: ['ETag'] },
  },
  errors: [403, 404],
});
