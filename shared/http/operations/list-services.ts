import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listServices',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}/services',
  auth: memberAuth,
  readsPathMember: true,
  area: 'telephony',
  grants: ['table:read'],
  summary: "List a member's services (closed ones too), with their effective settings: one page, at most three",
  tags: ['services'],
  responses: {
    200: { description: "The member's services", schema: 'ServicePage' },
  },
  errors: [403, 404],
});
