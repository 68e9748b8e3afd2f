import { accountEdits } from '#adapters/dynamodb/account-store.ts';
import { loadOperatorKey } from '#adapters/operator-key.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/delete-account-branding.ts';
import { noContent } from '#http/responses.ts';
import { deleteAccountBranding } from '#use-cases/branding.ts';

const deps = withSettings({ accounts: accountEdits, clock: systemClock, ids: ulidIds });

export const handler = api(route, { operatorKey: loadOperatorKey }, async ({ caller, params, ifMatch }) => {
  await deleteAccountBranding(deps, caller, params.accountId, ifMatch);
  return noContent();
});
