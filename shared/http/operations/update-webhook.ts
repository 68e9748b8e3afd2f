import { UpdateWebhookBody } from '../schemas/webhooks.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'updateWebhook',
  method: 'PATCH',
  path: '/v1/accounts/{accountId}/webhooks/{webhookId}',
  auth: memberAuth,
  area: 'webhooks',
  grants: ['table:read', 'table:write'],
  summary: 'Change a webhook endpoint’s URL, event types or description, or disable or enable it (account managers)',
  tags: ['webhooks'],
  request: { body: UpdateWebhookBody, ifMatch: true },
  responses: { 200: { description: 'The updated endpoint', schema: 'Webhook', headers: ['ETag'] } },
  errors: [403, 404, 409, 412],
});
