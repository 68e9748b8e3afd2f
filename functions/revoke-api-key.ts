import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { apiKeyStore } from '#adapters/dynamodb/api-key-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/revoke-api-key.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { revokeApiKey } from '#use-cases/api-keys.ts';

const deps = { users: userReads, access: accessStore, apiKeys: apiKeyStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  await revokeApiKey(deps, asMember(caller), params.userId, params.keyId);
  return noContent();
});
