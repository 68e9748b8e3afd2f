import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'retryWebhookDelivery',
  method: 'POST',
  path: '/v1/accounts/{accountId}/webhooks/{webhookId}/deliveries/{deliveryId}/retry',
  auth: memberAuth,
  area: 'webhooks',
  grants: ['table:read', 'table:write', 'webhooks:send'],
  summary: 'Send a delivery again now, whatever its status (account managers; the endpoint must be enabled)',
  tags: ['webhooks'],
  request: { emptyBody: true },
  responses: { 202: { description: 'The delivery, pending again', schema: 'WebhookDelivery' } },
  errors: [403, 404, 409],
});
