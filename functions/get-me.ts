import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { api } from '#http/api.ts';
import { asIdentity, memberRoute } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { getMe } from '#use-cases/auth.ts';

export const handler = api({ auth: memberRoute(identityStore) }, async ({ caller }) =>
  ok(await getMe({ identities: identityStore }, asIdentity(caller))),
);
