import { accountStore } from '#adapters/dynamodb/account-store.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { loadOperatorKey } from '#adapters/operator-key.ts';
import { withSettings } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { accountSetupAdapters } from './wiring/account-setup.ts';
import { api } from '#http/api.ts';
import { idempotencyWith } from '#http/idempotency.ts';
import { route } from '#http/operations/create-account.ts';
import { created } from '#http/responses.ts';
import { toAccountDto } from '#http/schemas/accounts.ts';
import { toUserDto } from '#http/dto.ts';
import { createAccount } from '#use-cases/accounts.ts';

const deps = withSettings({ ...accountSetupAdapters, accounts: accountStore });

export const handler = api(
  route,
  { operatorKey: loadOperatorKey, idempotency: idempotencyWith(idempotencyStore, systemClock) },
  async ({ caller, body, location }) => {
    const { account, owner } = await createAccount(deps, caller, body);
    return created(location(account.id), { account: toAccountDto(account), owner: toUserDto(owner) });
  },
);
