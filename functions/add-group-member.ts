import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { groupRecords } from '#adapters/dynamodb/group-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/add-group-member.ts';
import { asMember } from '#http/authenticate.ts';
import { toGroupMemberDto } from '#http/groups-dto.ts';
import { created, ok } from '#http/responses.ts';
import { addGroupMember } from '#use-cases/groups.ts';

const deps = { groups: groupRecords, users: userReads, access: accessStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, location }) => {
  const { membership, added } = await addGroupMember(deps, asMember(caller), params.groupId, params.userId);
  const body = toGroupMemberDto(membership);
  return added ? created(location(), body) : ok(body);
});
