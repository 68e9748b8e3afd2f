import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { numberListings } from '#adapters/dynamodb/number-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-user-numbers.ts';
import { asMember } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { toNumberDto } from '#http/telephony-dto.ts';
import { listUserNumbers } from '#use-cases/numbers.ts';

const deps = { numbers: numberListings, users: userReads, access: accessStore };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, query }) => {
  await loadSealingKeys();
  const page = await listUserNumbers(deps, asMember(caller), params.userId, query);
  return ok({ items: page.items.map(toNumberDto), nextCursor: page.nextCursor });
});
