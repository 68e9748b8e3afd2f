import { meAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getMe',
  method: 'GET',
  path: '/v1/me',
  auth: meAuth,
  area: 'directory',
  grants: ['table:read'],
  summary: 'The caller’s identity and memberships',
  tags: ['me'],
  responses: {
    200: { description: 'Identity and memberships', schema: 'Me' },
  },
});
