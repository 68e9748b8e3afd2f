import { RefreshBody } from '../schemas/auth.ts';
import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'refreshTokens',
  method: 'POST',
  path: '/v1/auth/refresh',
  auth: publicAuth,
  floodLimited: true,
  area: 'platform',
  grants: ['table:read', 'identity:sign-in', 'secret:sealing-key'],
  summary: 'Exchange a refresh token for new tokens',
  tags: ['auth'],
  request: { body: RefreshBody },
  responses: {
    200: { description: 'Tokens', schema: 'Tokens' },
  },
});
