import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userListings } from '#adapters/dynamodb/user-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-unit-users.ts';
import { asMember } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { toUserDto } from '#http/dto.ts';
import { listUnitUsers, notesListed } from '#use-cases/users.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';

const deps = { users: userListings, access: accessStore };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, query }) => {
  await loadSealingKeys();
  const member = asMember(caller);
  const page = await listUnitUsers(deps, member, params.unitId, query);
  return ok({
    items: page.items.map((u) => toUserDto(u, { notes: notesListed(member, u) })),
    nextCursor: page.nextCursor,
  });
});
