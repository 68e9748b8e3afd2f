import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listWebhooks',
  method: 'GET',
  path: '/v1/accounts/{accountId}/webhooks',
  auth: memberAuth,
  area: 'webhooks',
  grants: ['table:read'],
  summary: "The account's webhook endpoints, oldest first (account managers; at most 10, one page)",
  tags: ['webhooks'],
  responses: { 200: { description: 'The endpoints', schema: 'WebhookList' } },
  errors: [403, 404],
});
