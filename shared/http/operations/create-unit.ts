import { CreateUnitBody } from '../schemas/units.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'createUnit',
  method: 'POST',
  path: '/v1/accounts/{accountId}/units',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read', 'table:write'],
  summary: 'Create an organisation unit under a parent unit',
  tags: ['units'],
  request: { body: CreateUnitBody, idempotent: true },
  responses: {
    201: { description: 'The new unit', schema: 'OrgUnit', headers: ['ETag'] },
  },
  location: '/v1/accounts/{accountId}/units/{id}',
  errors: [403, 404, 409, 422],
});
