import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { delegationStore } from '#adapters/dynamodb/delegation-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-delegates.ts';
import { asMember } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { toDelegationDto } from '#http/dto.ts';
import { listDelegates } from '#use-cases/delegations.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';

const deps = { users: userReads, delegations: delegationStore, access: accessStore };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, query }) => {
  await loadSealingKeys();
  const page = await listDelegates(deps, asMember(caller), params.userId, query);
  return ok({ items: page.items.map(toDelegationDto), nextCursor: page.nextCursor });
});
