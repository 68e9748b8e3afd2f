import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { aliasStore } from '#adapters/dynamodb/alias-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { asMember } from '#http/authenticate.ts';
import { route } from '#http/operations/remove-email-alias.ts';
import { noContent } from '#http/responses.ts';
import { removeEmailAlias } from '#use-cases/aliases.ts';

const deps = { access: accessStore, users: userReads, aliases: aliasStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  await removeEmailAlias(deps, asMember(caller), params.userId, params.email);
  return noContent();
});
