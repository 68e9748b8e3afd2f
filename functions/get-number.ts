import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { numberRecords } from '#adapters/dynamodb/number-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-number.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toNumberDto } from '#http/telephony-dto.ts';
import { getNumber } from '#use-cases/numbers.ts';

const deps = { numbers: numberRecords, users: userReads, access: accessStore };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const number = await getNumber(deps, asMember(caller), params.numberId);
  return ok(toNumberDto(number), etag(number.version));
});
