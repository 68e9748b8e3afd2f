import { ListContactsQuery } from '../schemas/contacts.ts';
import { memberAuth } from '../authenticate.ts';
import { defineRoute } from '../route-types.ts';

export const route = defineRoute({
  operationId: 'listContacts',
  method: 'GET',
  path: '/v1/accounts/{accountId}/contacts',
  auth: memberAuth,
  area: 'groups',
  grants: ['table:read', 'secret:sealing-key'],
  summary: 'Shared contacts by name (`q`: a name prefix): all of them for managers and admins, those visible to others',
  tags: ['contacts'],
  request: { query: ListContactsQuery },
  responses: {
    200: { description: 'A page of contacts', schema: 'ContactPage' },
  },
  errors: [404],
});
