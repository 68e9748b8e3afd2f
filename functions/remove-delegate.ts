import { delegationStore } from '#adapters/dynamodb/delegation-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/remove-delegate.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { removeDelegate } from '#use-cases/delegations.ts';

const deps = { users: userReads, delegations: delegationStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  await removeDelegate(deps, asMember(caller), params.userId, params.delegateUserId);
  return noContent();
});
