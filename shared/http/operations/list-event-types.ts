import { publicAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listEventTypes',
  method: 'GET',
  path: '/v1/event-types',
  auth: publicAuth,
  area: 'webhooks',
  grants: [],
  summary: 'The event catalogue: every type webhooks and the EventBridge bus carry, with what it means',
  tags: ['webhooks'],
  responses: { 200: { description: 'The event types', schema: 'EventTypeList' } },
});
