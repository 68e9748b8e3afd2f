import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { cognitoIdentityProvider } from '#adapters/cognito/identity-provider.ts';
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { credentialStore } from '#adapters/dynamodb/credential-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { userStore } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/set-user-password.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { setUserPassword } from '#use-cases/credentials.ts';

const deps = {
  access: accessStore,
  users: userStore,
  identities: identityStore,
  credentials: credentialStore,
  signIns: cognitoSignInAdmin,
  idp: cognitoIdentityProvider,
  clock: systemClock,
  ids: ulidIds,
};

export const handler = api(route, { identity: identityStore }, async ({ caller, params, body }) => {
  await setUserPassword(deps, asMember(caller), params.userId, body);
  return noContent();
});
