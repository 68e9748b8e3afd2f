import { WebhookDeliveryQuery } from '../schemas/webhooks.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listWebhookDeliveries',
  method: 'GET',
  path: '/v1/accounts/{accountId}/webhooks/{webhookId}/deliveries',
  auth: memberAuth,
  area: 'webhooks',
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'A webhook endpoint’s deliveries of the last 30 days, newest first, optionally of one status',
  tags: ['webhooks'],
  request: { query: WebhookDeliveryQuery },
  responses: { 200: { description: 'A page of deliveries', schema: 'WebhookDeliveryPage' } },
  errors: [403, 404],
});
