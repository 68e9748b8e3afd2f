import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { auditStore } from '#adapters/dynamodb/audit-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-user-events.ts';
import { asMember } from '#http/authenticate.ts';
import { toAuditEventDto } from '#http/dto.ts';
import { ok } from '#http/responses.ts';
import { listUserEvents } from '#use-cases/audit.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, query }) => {
  await loadSealingKeys();
  const page = await listUserEvents(
    { access: accessStore, audit: auditStore, users: userReads },
    asMember(caller),
    params.userId,
    query,
  );
  return ok({ items: page.items.map(toAuditEventDto), nextCursor: page.nextCursor });
});
