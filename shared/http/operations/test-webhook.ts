import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'testWebhook',
  method: 'POST',
  path: '/v1/accounts/{accountId}/webhooks/{webhookId}/test',
  auth: memberAuth,
  area: 'webhooks',
  grants: ['table:read', 'table:write'],
  summary: 'Send a `webhook.test` event to this endpoint only, whatever it subscribes to (account managers)',
  tags: ['webhooks'],
  request: { emptyBody: true },
  responses: { 202: { description: 'The test event, on its way', schema: 'WebhookTestAccepted' } },
  errors: [403, 404],
});
