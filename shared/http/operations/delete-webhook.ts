import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'deleteWebhook',
  method: 'DELETE',
  path: '/v1/accounts/{accountId}/webhooks/{webhookId}',
  auth: memberAuth,
  area: 'webhooks',
  grants: ['table:read', 'table:write'],
  summary: 'Delete a webhook endpoint; nothing more is sent to it (account managers)',
  tags: ['webhooks'],
  request: { ifMatch: true },
  responses: { 204: { description: 'Deleted' } },
  errors: [403, 404, 409, 412],
});
