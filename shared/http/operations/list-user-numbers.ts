import { ListNumbersQuery } from '../schemas/numbers.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listUserNumbers',
  method: 'GET',
  path: '/v1/accounts/{accountId}/users/{userId}/numbers',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'The numbers assigned to a member',
  tags: ['users', 'numbers'],
  request: { query: ListNumbersQuery },
  responses: {
    200: { description: 'A page of numbers', schema: 'PhoneNumberPage' },
  },
  errors: [403, 404],
});
