import { accountEdits } from '#adapters/dynamodb/account-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/update-account-settings.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toSettingsDto } from '#http/schemas/settings.ts';
import { updateAccountSettings } from '#use-cases/settings.ts';

const deps = { accounts: accountEdits, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, body, ifMatch }) => {
  const view = await updateAccountSettings(deps, asMember(caller), body, ifMatch);
  return ok(toSettingsDto(view), etag(view.version));
});
