import { groupListings, groupReads } from '#adapters/dynamodb/group-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-group-members.ts';
import { asMember } from '#http/authenticate.ts';
import { toGroupMemberDto } from '#http/groups-dto.ts';
import { ok } from '#http/responses.ts';
import { listGroupMembers } from '#use-cases/groups.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, query }) => {
  await loadSealingKeys();
  const page = await listGroupMembers(
    { groups: { ...groupListings, ...groupReads } },
    asMember(caller),
    params.groupId,
    query,
  );
  return ok({ items: page.items.map(toGroupMemberDto), nextCursor: page.nextCursor });
});
