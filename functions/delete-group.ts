import { groupRecords } from '#adapters/dynamodb/group-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/delete-group.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { deleteGroup } from '#use-cases/groups.ts';

const deps = { groups: groupRecords, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, ifMatch }) => {
  await deleteGroup(deps, asMember(caller), params.groupId, ifMatch);
  return noContent();
});
