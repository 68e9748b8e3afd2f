import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'getWebhook',
  method: 'GET',
  path: '/v1/accounts/{accountId}/webhooks/{webhookId}',
  auth: memberAuth,
  area: 'webhooks',
  grants: ['table:read'],
  summary: 'A webhook endpoint, without its secret (account managers)',
  tags: ['webhooks'],
  responses: { 200: { description: 'The endpoint', schema: 'Webhook', headers: ['ETag'] } },
  errors: [403, 404],
});
