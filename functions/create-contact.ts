import { contactStore } from '#adapters/dynamodb/contact-store.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { idempotencyWith } from '#http/idempotency.ts';
import { route } from '#http/operations/create-contact.ts';
import { asMember } from '#http/authenticate.ts';
import { toContactDto } from '#http/contacts-dto.ts';
import { created, etag } from '#http/responses.ts';
import { createContact } from '#use-cases/contacts.ts';

const deps = { contacts: contactStore, clock: systemClock, ids: ulidIds };

export const handler = api(
  route,
  { identity: accountAuthentication, idempotency: idempotencyWith(idempotencyStore, systemClock) },
  async ({ caller, body, location }) => {
    const contact = await createContact(deps, asMember(caller), body);
    return created(location(contact.id), toContactDto(contact), etag(contact.version));
  },
);
