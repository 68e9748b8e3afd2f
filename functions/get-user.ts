import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { userStore } from '#adapters/dynamodb/user-store.ts';
import { api } from '#http/api.ts';
import { asMember, memberRoute } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toUserDto } from '#http/dto.ts';
import { getUser } from '#use-cases/users.ts';

export const handler = api({ auth: memberRoute(identityStore) }, async ({ caller, params }) => {
  const user = await getUser({ users: userStore }, asMember(caller), params.userId);
  return ok(toUserDto(user), etag(user.version));
});
