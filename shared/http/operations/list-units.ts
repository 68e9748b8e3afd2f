import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listUnits',
  method: 'GET',
  path: '/v1/accounts/{accountId}/units',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read'],
  summary: 'The organisation tree: the root unit with its descendants, nested',
  tags: ['units'],
  responses: {
    200: { description: 'The tree (never paged: at most 1,000 units)', schema: 'UnitTree' },
  },
  errors: [403, 404],
});
