import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { apiKeyStore } from '#adapters/dynamodb/api-key-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-api-keys.ts';
import { asMember } from '#http/authenticate.ts';
import { toApiKeyDto } from '#http/dto.ts';
import { ok } from '#http/responses.ts';
import { listApiKeys } from '#use-cases/api-keys.ts';

const deps = { users: userReads, access: accessStore, apiKeys: apiKeyStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const keys = await listApiKeys(deps, asMember(caller), params.userId);
  return ok({ items: keys.map(toApiKeyDto), nextCursor: null });
});
