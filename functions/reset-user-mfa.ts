import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { credentialStore } from '#adapters/dynamodb/credential-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { userStore } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/reset-user-mfa.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { resetUserMfa } from '#use-cases/mfa.ts';

const deps = {
  access: accessStore,
  users: userStore,
  identities: identityStore,
  credentials: credentialStore,
  signIns: cognitoSignInAdmin,
  clock: systemClock,
  ids: ulidIds,
};

export const handler = api(route, { identity: identityStore }, async ({ caller, params }) => {
  await resetUserMfa(deps, asMember(caller), params.userId);
  return noContent();
});
