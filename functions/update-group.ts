import { groupRecords } from '#adapters/dynamodb/group-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/update-group.ts';
import { asMember } from '#http/authenticate.ts';
import { toGroupDto } from '#http/groups-dto.ts';
import { etag, ok } from '#http/responses.ts';
import { updateGroup } from '#use-cases/groups.ts';

const deps = { groups: groupRecords, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, body, ifMatch }) => {
  const group = await updateGroup(deps, asMember(caller), params.groupId, body, ifMatch);
  return ok(toGroupDto(group), etag(group.version));
});
