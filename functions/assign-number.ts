import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { numberRecords } from '#adapters/dynamodb/number-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/assign-number.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toNumberDto } from '#http/telephony-dto.ts';
import { assignNumber } from '#use-cases/numbers.ts';

const deps = { numbers: numberRecords, users: userReads, access: accessStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, body, ifMatch }) => {
  const number = await assignNumber(deps, asMember(caller), params.numberId, body, ifMatch);
  return ok(toNumberDto(number), etag(number.version));
});
