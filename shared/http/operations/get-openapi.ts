import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getOpenapi',
  method: 'GET',
  path: '/v1/openapi.json',
  auth: publicAuth,
  area: 'platform',
  grants: [],
  summary: 'This OpenAPI 3.1 document',
  tags: ['platform'],
  responses: {
    200: { description: 'OpenAPI document' },
  },
});
