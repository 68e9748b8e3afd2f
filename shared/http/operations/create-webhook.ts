import { CreateWebhookBody } from '../schemas/webhooks.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'createWebhook',
  method: 'POST',
  path: '/v1/accounts/{accountId}/webhooks',
  auth: memberAuth,
  area: 'webhooks',
  grants: ['table:read', 'table:write', 'secret:webhook-key'],
  summary: 'Add a webhook endpoint (account managers; at most 10); its signing secret is shown in this answer only',
  tags: ['webhooks'],
  request: { body: CreateWebhookBody, idempotent: true },
  responses: {
    201: { description: 'The new endpoint with its signing secret', schema: 'WebhookWithSecret', headers: ['ETag'] },
  },
  location: '/v1/accounts/{accountId}/webhooks/{id}',
  errors: [403, 404, 409, 422],
});
