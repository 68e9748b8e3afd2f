import { CreateAccountBody } from '../schemas/accounts.ts';
import { operatorAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'createAccount',
  method: 'POST',
  path: '/v1/accounts',
  auth: operatorAuth,
  area: 'platform',
  grants: ['table:read', 'table:write', 'mail:send', 'secret:operator-key'],
  summary: 'Create a customer account and invite its account manager',
  tags: ['accounts'],
  request: { body: CreateAccountBody, idempotent: true },
  responses: {
    201: { description: 'Account created; the owner got a setup mail', schema: 'CreateAccountResponse' },
  },
  location: '/v1/accounts/{id}',
  errors: [422],
});
