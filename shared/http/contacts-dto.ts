/** Shared contacts → response bodies (apart from the schemas, so that read handlers bundle no schema library). */
import type { Contact } from '#domain/contact.ts';

export const toContactDto = (c: Contact) => ({
  id: c.id,
  accountId: c.accountId,
  name: c.name,
  company: c.company,
  numbers: c.numbers.map((n) => ({ e164: n.e164, label: n.label })),
  emails: c.emails,
  groupIds: c.groupIds,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  version: c.version,
});
