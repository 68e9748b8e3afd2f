import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { statusChangeDeps } from './wiring/lifecycle.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/reactivate-user.ts';
import { asMember } from '#http/authenticate.ts';
import { toUserDto } from '#http/dto.ts';
import { notesShown } from '#use-cases/users.ts';
import { etag, ok } from '#http/responses.ts';
import { reactivateUser } from '#use-cases/lifecycle.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const member = asMember(caller);
  const user = await reactivateUser(statusChangeDeps, member, params.userId);
  return ok(toUserDto(user, { notes: await notesShown(statusChangeDeps, member, user) }), etag(user.version));
});
