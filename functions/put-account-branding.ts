import { accountEdits } from '#adapters/dynamodb/account-store.ts';
import { loadOperatorKey } from '#adapters/operator-key.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/put-account-branding.ts';
import { etag, ok } from '#http/responses.ts';
import { putAccountBranding } from '#use-cases/branding.ts';

const deps = withSettings({ accounts: accountEdits, clock: systemClock, ids: ulidIds });

export const handler = api(route, { operatorKey: loadOperatorKey }, async ({ caller, params, body, ifMatch }) => {
  const { account, effective, version } = await putAccountBranding(deps, caller, params.accountId, body, ifMatch);
  return ok({ account, effective }, etag(version));
});
