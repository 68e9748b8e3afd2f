import { delegationStore } from '#adapters/dynamodb/delegation-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/add-delegate.ts';
import { asMember } from '#http/authenticate.ts';
import { created, ok } from '#http/responses.ts';
import { toDelegationDto } from '#http/dto.ts';
import { addDelegate } from '#use-cases/delegations.ts';

const deps = { users: userReads, delegations: delegationStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, location }) => {
  const { delegation, created: isNew } = await addDelegate(
    deps,
    asMember(caller),
    params.userId,
    params.delegateUserId,
  );
  const body = toDelegationDto(delegation);
  return isNew ? created(location(), body) : ok(body);
});
