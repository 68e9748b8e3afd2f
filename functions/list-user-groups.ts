import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { groupListings, groupReads } from '#adapters/dynamodb/group-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-user-groups.ts';
import { asMember } from '#http/authenticate.ts';
import { toGroupDto } from '#http/groups-dto.ts';
import { ok } from '#http/responses.ts';
import { listUserGroups } from '#use-cases/groups.ts';

const deps = { groups: { ...groupListings, ...groupReads }, users: userReads, access: accessStore };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, query }) => {
  await loadSealingKeys();
  const page = await listUserGroups(deps, asMember(caller), params.userId, query);
  return ok({ items: page.items.map(toGroupDto), nextCursor: page.nextCursor });
});
