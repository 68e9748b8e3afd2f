import { cognitoPasswordAdmin } from '#adapters/cognito/password-admin.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { credentialAdapters } from './wiring/credentials.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/set-user-password.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { setUserPassword } from '#use-cases/credentials.ts';

const deps = { ...credentialAdapters, idp: cognitoPasswordAdmin };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, body }) => {
  await setUserPassword(deps, asMember(caller), params.userId, body);
  return noContent();
});
