import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { unitMoveRepairStore } from '#adapters/dynamodb/unit-repair-store.ts';
import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userStore } from '#adapters/dynamodb/user-store.ts';
import { withSettings } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { accountSetupAdapters } from './wiring/account-setup.ts';
import { api } from '#http/api.ts';
import { idempotencyWith } from '#http/idempotency.ts';
import { route } from '#http/operations/create-user.ts';
import { asMember } from '#http/authenticate.ts';
import { created, etag } from '#http/responses.ts';
import { toUserDto } from '#http/dto.ts';
import { createUser, notesShown } from '#use-cases/users.ts';

const deps = withSettings({
  ...accountSetupAdapters,
  accounts: accountReads,
  access: accessStore,
  units: unitMoveRepairStore,
  users: userStore,
});

export const handler = api(
  route,
  { identity: accountAuthentication, idempotency: idempotencyWith(idempotencyStore, systemClock) },
  async ({ caller, body, location }) => {
    const member = asMember(caller);
    const user = await createUser(deps, member, body);
    return created(
      location(user.id),
      toUserDto(user, { notes: await notesShown(deps, member, user) }),
      etag(user.version),
    );
  },
);
