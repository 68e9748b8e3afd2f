import { SettingsPatchBody } from '../schemas/settings.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'updateUnitSettings',
  method: 'PATCH',
  path: '/v1/accounts/{accountId}/units/{unitId}/settings',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read', 'table:write'],
  summary: 'Override settings on a unit (null removes an override)',
  tags: ['settings', 'units'],
  request: { body: SettingsPatchBody, ifMatch: true },
  responses: {
    200: { description: 'Settings', schema: 'UnitSettings', headers: ['ETag'] },
  },
  errors: [403, 404, 409, 412],
});
