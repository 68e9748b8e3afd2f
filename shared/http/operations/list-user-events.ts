import { ListUserEventsQuery } from '../schemas/lifecycle.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listUserEvents',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}/events',
  auth: memberAuth,
  area: 'lifecycle',
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'The audit events about one member, newest first',
  tags: ['audit', 'users'],
  request: { query: ListUserEventsQuery },
  responses: {
    200: { description: 'A page of events', schema: 'AuditEventPage' },
  },
  errors: [403, 404],
});
