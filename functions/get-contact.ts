import { contactStore } from '#adapters/dynamodb/contact-store.ts';
import { groupReads } from '#adapters/dynamodb/group-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-contact.ts';
import { asMember } from '#http/authenticate.ts';
import { toContactDto } from '#http/contacts-dto.ts';
import { etag, ok } from '#http/responses.ts';
import { getContact } from '#use-cases/contacts.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const contact = await getContact({ contacts: contactStore, groups: groupReads }, asMember(caller), params.contactId);
  return ok(toContactDto(contact), etag(contact.version));
});
