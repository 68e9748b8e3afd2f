import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-me.ts';
import { asIdentity } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { getMe } from '#use-cases/auth.ts';

export const handler = api(route, { identity: identityStore }, async ({ caller }) =>
  ok(await getMe({ identities: identityStore }, asIdentity(caller))),
);
