import { groupCreation } from '#adapters/dynamodb/group-store.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { idempotencyWith } from '#http/idempotency.ts';
import { route } from '#http/operations/create-group.ts';
import { asMember } from '#http/authenticate.ts';
import { toGroupDto } from '#http/groups-dto.ts';
import { created, etag } from '#http/responses.ts';
import { createGroup } from '#use-cases/groups.ts';

const deps = { groups: groupCreation, clock: systemClock, ids: ulidIds };

export const handler = api(
  route,
  { identity: accountAuthentication, idempotency: idempotencyWith(idempotencyStore, systemClock) },
  async ({ caller, body, location }) => {
    const group = await createGroup(deps, asMember(caller), body);
    return created(location(group.id), toGroupDto(group), etag(group.version));
  },
);
