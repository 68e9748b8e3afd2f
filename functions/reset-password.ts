import { cognitoPasswordAdmin } from '#adapters/cognito/password-admin.ts';
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { resetStore } from '#adapters/dynamodb/reset-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/reset-password.ts';
import { noContent } from '#http/responses.ts';
import { resetPassword } from '#use-cases/credentials.ts';

const deps = {
  identities: identityStore,
  resets: resetStore,
  signIns: cognitoSignInAdmin,
  idp: cognitoPasswordAdmin,
  clock: systemClock,
  ids: ulidIds,
};

export const handler = api(route, {}, async ({ body }) => {
  await resetPassword(deps, body);
  return noContent();
});
