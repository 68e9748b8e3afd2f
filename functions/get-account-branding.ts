import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { loadOperatorKey } from '#adapters/operator-key.ts';
import { withSettings } from '#adapters/runtime.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-account-branding.ts';
import { etag, ok } from '#http/responses.ts';
import { getAccountBranding } from '#use-cases/branding.ts';

const deps = withSettings({ accounts: accountReads });

export const handler = api(
  route,
  { identity: accountAuthentication, operatorKey: loadOperatorKey },
  async ({ caller, params }) => {
    const { account, effective, version } = await getAccountBranding(deps, caller, params.accountId);
    return ok({ account, effective }, etag(version));
  },
);
