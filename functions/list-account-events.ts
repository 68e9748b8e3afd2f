import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { auditStore } from '#adapters/dynamodb/audit-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { api } from '#http/api.ts';
import { asMember, memberRoute } from '#http/authenticate.ts';
import { toAuditEventDto } from '#http/dto.ts';
import { ok } from '#http/responses.ts';
import { ListEventsQuery } from '#http/schemas/lifecycle.ts';
import { listAccountEvents } from '#use-cases/audit.ts';

export const handler = api({ auth: memberRoute(identityStore), query: ListEventsQuery }, async ({ caller, query }) => {
  const page = await listAccountEvents({ access: accessStore, audit: auditStore }, asMember(caller), query);
  return ok({ items: page.items.map(toAuditEventDto), nextCursor: page.nextCursor });
});
