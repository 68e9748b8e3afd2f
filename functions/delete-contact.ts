import { contactStore } from '#adapters/dynamodb/contact-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/delete-contact.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { deleteContact } from '#use-cases/contacts.ts';

const deps = { contacts: contactStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, ifMatch }) => {
  await deleteContact(deps, asMember(caller), params.contactId, ifMatch);
  return noContent();
});
