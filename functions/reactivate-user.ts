import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { lifecycleDeps } from './wiring/lifecycle.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/reactivate-user.ts';
import { asMember } from '#http/authenticate.ts';
import { toUserDto } from '#http/dto.ts';
import { etag, ok } from '#http/responses.ts';
import { reactivateUser } from '#use-cases/lifecycle.ts';

export const handler = api(route, { identity: identityStore }, async ({ caller, params }) => {
  const user = await reactivateUser(lifecycleDeps, asMember(caller), params.userId);
  return ok(toUserDto(user), etag(user.version));
});
