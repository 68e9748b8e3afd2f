import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-account-settings.ts';
import { asMember } from '#http/authenticate.ts';
import { toSettingsDto } from '#http/organization-dto.ts';
import { etag, ok } from '#http/responses.ts';
import { getAccountSettings } from '#use-cases/settings.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller }) => {
  const view = await getAccountSettings({ accounts: accountReads }, asMember(caller));
  return ok(toSettingsDto(view), etag(view.version));
});
