import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'rotateWebhookSecret',
  method: 'POST',
  path: '/v1/accounts/{accountId}/webhooks/{webhookId}/rotate-secret',
  auth: memberAuth,
  area: 'webhooks',
  grants: ['table:read', 'table:write', 'secret:webhook-key'],
  summary: 'A new signing secret, shown in this answer only; the previous one keeps signing beside it for 24 hours',
  tags: ['webhooks'],
  request: { emptyBody: true, ifMatch: true },
  responses: {
    200: { description: 'The endpoint with its new signing secret', schema: 'WebhookWithSecret', headers: ['ETag'] },
  },
  errors: [403, 404, 409, 412],
});
