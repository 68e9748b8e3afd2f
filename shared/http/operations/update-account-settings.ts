import { SettingsPatchBody } from '../schemas/settings.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'updateAccountSettings',
  method: 'PATCH',
  path: '/v1/accounts/{accountId}/settings',
  auth: memberAuth,
  area: 'organization',
  grants: ['table:read', 'table:write'],
  summary: 'Change account-level settings (null: back to the default)',
  tags: ['settings'],
  request: { body: SettingsPatchBody, ifMatch: true },
  responses: {
    200: { description: 'Settings', schema: 'AccountSettings', headers: ['ETag'] },
  },
  errors: [403, 404, 409, 412],
});
