import { accountStore } from '#adapters/dynamodb/account-store.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { invitationDelivery } from '#adapters/dynamodb/invitation-delivery.ts';
import { loadOperatorKey } from '#adapters/operator-key.ts';
import { settings, ulidIds } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/create-account.ts';
import { created } from '#http/responses.ts';
import { toAccountDto } from '#http/schemas/accounts.ts';
import { toUserDto } from '#http/dto.ts';
import { createAccount } from '#use-cases/accounts.ts';

const deps = {
  accounts: accountStore,
  invitations: invitationDelivery,
  mailer: sesMailer,
  clock: systemClock,
  ids: ulidIds,
  get settings() {
    return settings();
  },
};

export const handler = api(
  route,
  { operatorKey: loadOperatorKey, idempotency: idempotencyStore, clock: systemClock },
  async ({ caller, body, location }) => {
    const { account, owner } = await createAccount(deps, caller, body);
    return created(location(account.id), { account: toAccountDto(account), owner: toUserDto(owner) });
  },
);
