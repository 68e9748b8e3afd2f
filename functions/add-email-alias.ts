import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { aliasStore } from '#adapters/dynamodb/alias-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { asMember } from '#http/authenticate.ts';
import { toUserDto } from '#http/dto.ts';
import { route } from '#http/operations/add-email-alias.ts';
import { etag, ok } from '#http/responses.ts';
import { addEmailAlias } from '#use-cases/aliases.ts';
import { notesShown } from '#use-cases/users.ts';

const deps = { access: accessStore, users: userReads, aliases: aliasStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const member = asMember(caller);
  const user = await addEmailAlias(deps, member, params.userId, params.email);
  return ok(toUserDto(user, { notes: await notesShown(deps, member, user) }), etag(user.version));
});
