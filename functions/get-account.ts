import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-account.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toAccountDto } from '#http/dto.ts';
import { getAccount } from '#use-cases/accounts.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller }) => {
  const account = await getAccount({ accounts: accountReads }, asMember(caller));
  return ok(toAccountDto(account), etag(account.version));
});
