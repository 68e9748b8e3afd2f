import { contactStore } from '#adapters/dynamodb/contact-store.ts';
import { groupReads } from '#adapters/dynamodb/group-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-contacts.ts';
import { asMember } from '#http/authenticate.ts';
import { toContactDto } from '#http/contacts-dto.ts';
import { ok } from '#http/responses.ts';
import { listContacts } from '#use-cases/contacts.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, query }) => {
  await loadSealingKeys();
  const page = await listContacts({ contacts: contactStore, groups: groupReads }, asMember(caller), query);
  return ok({ items: page.items.map(toContactDto), nextCursor: page.nextCursor });
});
