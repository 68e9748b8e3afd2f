import { groupListings } from '#adapters/dynamodb/group-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-groups.ts';
import { asMember } from '#http/authenticate.ts';
import { toGroupDto } from '#http/groups-dto.ts';
import { ok } from '#http/responses.ts';
import { listGroups } from '#use-cases/groups.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, query }) => {
  await loadSealingKeys();
  const page = await listGroups({ groups: groupListings }, asMember(caller), query);
  return ok({ items: page.items.map(toGroupDto), nextCursor: page.nextCursor });
});
