import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { credentialAdapters } from './wiring/credentials.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/reset-user-mfa.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { resetUserMfa } from '#use-cases/mfa.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  await resetUserMfa(credentialAdapters, asMember(caller), params.userId);
  return noContent();
});
