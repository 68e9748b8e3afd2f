import { unitMoveRepairStore } from '#adapters/dynamodb/unit-repair-store.ts';
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userEdits } from '#adapters/dynamodb/user-store.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/update-user.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toUserDto } from '#http/dto.ts';
import { notesShown, updateUser } from '#use-cases/users.ts';

const deps = withSettings({
  access: accessStore,
  accounts: accountReads,
  units: unitMoveRepairStore,
  users: userEdits,
  mailer: sesMailer,
  translators,
  clock: systemClock,
  ids: ulidIds,
});

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, body, params, ifMatch }) => {
  const member = asMember(caller);
  const user = await updateUser(deps, member, params.userId, body, ifMatch);
  return ok(toUserDto(user, { notes: await notesShown(deps, member, user) }), etag(user.version));
});
