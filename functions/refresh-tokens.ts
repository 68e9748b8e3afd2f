import { cognitoIdentityProvider } from '#adapters/cognito/identity-provider.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { sealedRefreshGrants } from '#adapters/refresh-grant.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/refresh-tokens.ts';
import { ok } from '#http/responses.ts';
import { refreshTokens } from '#use-cases/auth.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';

const deps = { idp: cognitoIdentityProvider, identities: identityStore, refreshGrants: sealedRefreshGrants };

export const handler = api(route, {}, async ({ body }) => {
  await loadSealingKeys();
  return ok(await refreshTokens(deps, body));
});
