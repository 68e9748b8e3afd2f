import { cognitoMfa } from '#adapters/cognito/mfa.ts';
import { credentialStore } from '#adapters/dynamodb/credential-store.ts';
import { codeAttemptStore } from '#adapters/dynamodb/code-attempt-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/disable-mfa.ts';
import { asIdentity, bearerToken } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { disableMfa } from '#use-cases/mfa.ts';

const deps = {
  mfa: cognitoMfa,
  credentials: credentialStore,
  identities: identityStore,
  clock: systemClock,
  ids: ulidIds,
  codeAttempts: codeAttemptStore,
};

export const handler = api(route, { identity: identityStore }, async ({ caller, headers, body }) => {
  await disableMfa(deps, asIdentity(caller), bearerToken(headers), body);
  return noContent();
});
