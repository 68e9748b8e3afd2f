import { UpdateUnitBody } from '../schemas/units.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'updateUnit',
  method: 'PATCH',
  path: '/v1/accounts/{accountId}/units/{unitId}',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read', 'table:write'],
  summary: 'Rename a unit, or move it with its subtree under another parent',
  tags: ['units'],
  request: { body: UpdateUnitBody, ifMatch: true },
  responses: {
    200: { description: 'The updated unit', schema: 'OrgUnit', headers: ['ETag'] },
  },
  errors: [403, 404, 409, 412],
});
