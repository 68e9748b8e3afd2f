import { cognitoIdentityProvider } from '#adapters/cognito/identity-provider.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { lifecycleDeps } from './wiring/lifecycle.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/close-user.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { closeUser } from '#use-cases/lifecycle.ts';

const deps = { ...lifecycleDeps, idp: cognitoIdentityProvider };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, body }) => {
  await closeUser(deps, asMember(caller), params.userId, body);
  return noContent();
});
