import { contactStore } from '#adapters/dynamodb/contact-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/update-contact.ts';
import { asMember } from '#http/authenticate.ts';
import { toContactDto } from '#http/contacts-dto.ts';
import { etag, ok } from '#http/responses.ts';
import { updateContact } from '#use-cases/contacts.ts';

const deps = { contacts: contactStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, body, ifMatch }) => {
  const contact = await updateContact(deps, asMember(caller), params.contactId, body, ifMatch);
  return ok(toContactDto(contact), etag(contact.version));
});
