import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { cognitoIdentityProvider } from '#adapters/cognito/identity-provider.ts';
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { lifecycleStore } from '#adapters/dynamodb/lifecycle-store.ts';
import { userStore } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/deactivate-user.ts';
import { asMember } from '#http/authenticate.ts';
import { toUserDto } from '#http/dto.ts';
import { etag, ok } from '#http/responses.ts';
import { deactivateUser } from '#use-cases/lifecycle.ts';

const deps = {
  access: accessStore,
  users: userStore,
  identities: identityStore,
  lifecycle: lifecycleStore,
  signIns: cognitoSignInAdmin,
  idp: cognitoIdentityProvider,
  clock: systemClock,
  ids: ulidIds,
};

export const handler = api(route, { identity: identityStore }, async ({ caller, params }) => {
  const user = await deactivateUser(deps, asMember(caller), params.userId);
  return ok(toUserDto(user), etag(user.version));
});
