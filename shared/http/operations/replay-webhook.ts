import { ReplayWebhookBody } from '../schemas/webhooks.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'replayWebhook',
  method: 'POST',
  path: '/v1/accounts/{accountId}/webhooks/{webhookId}/replay',
  auth: memberAuth,
  area: 'webhooks',
  grants: ['table:read', 'webhooks:send'],
  summary: 'Send the events since a time (at most 30 days back) to this endpoint again, those it subscribes to',
  tags: ['webhooks'],
  request: { body: ReplayWebhookBody },
  responses: { 202: { description: 'The replay, on its way', schema: 'WebhookReplayAccepted' } },
  errors: [403, 404, 409],
});
