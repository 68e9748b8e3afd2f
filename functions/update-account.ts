import { accountEdits } from '#adapters/dynamodb/account-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/update-account.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toAccountDto } from '#http/schemas/accounts.ts';
import { updateAccount } from '#use-cases/accounts.ts';

const deps = { accounts: accountEdits, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, body, ifMatch }) => {
  const account = await updateAccount(deps, asMember(caller), body, ifMatch);
  return ok(toAccountDto(account), etag(account.version));
});
