import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getHealth',
  method: 'GET',
  path: '/v1/health',
  auth: publicAuth,
  area: 'platform',
  grants: [],
  summary: 'Liveness check',
  tags: ['platform'],
  responses: {
    200: { description: 'The API is up', schema: 'Health' },
  },
});
