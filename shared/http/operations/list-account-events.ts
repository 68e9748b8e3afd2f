import { ListEventsQuery } from '../schemas/lifecycle.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listAccountEvents',
  method: 'GET',
  path: '/v1/accounts/{accountId}/events',
  auth: memberAuth,
  area: 'lifecycle',
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'The account’s audit log, newest first',
  tags: ['audit'],
  request: { query: ListEventsQuery },
  responses: {
    200: { description: 'A page of events', schema: 'AuditEventPage' },
  },
  errors: [403, 404],
});
