import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountStore } from '#adapters/dynamodb/account-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { userStore } from '#adapters/dynamodb/user-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-user.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toUserDetailDto } from '#http/dto.ts';
import { getUser } from '#use-cases/users.ts';

const deps = { users: userStore, accounts: accountStore, access: accessStore };

export const handler = api(route, { identity: identityStore }, async ({ caller, params }) => {
  const view = await getUser(deps, asMember(caller), params.userId);
  return ok(toUserDetailDto(view), etag(view.user.version));
});
