import { groupRecords } from '#adapters/dynamodb/group-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-group.ts';
import { asMember } from '#http/authenticate.ts';
import { toGroupDto } from '#http/groups-dto.ts';
import { etag, ok } from '#http/responses.ts';
import { getGroup } from '#use-cases/groups.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const group = await getGroup({ groups: groupRecords }, asMember(caller), params.groupId);
  return ok(toGroupDto(group), etag(group.version));
});
