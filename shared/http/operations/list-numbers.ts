import { ListNumbersQuery } from '../schemas/numbers.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listNumbers',
  method: 'GET',
  path: '/v1/accounts/{accountId}/numbers',
  auth: memberAuth,
  area: 'telephony',
  grants: ['table:read', 'secret:sealing-key'],
  summary: "The account's phone numbers, in the order they were added (account managers and admins)",
  tags: ['numbers'],
  request: { query: ListNumbersQuery },
  responses: {
    200: { description: 'A page of numbers', schema: 'PhoneNumberPage' },
  },
  errors: [403, 404],
});
