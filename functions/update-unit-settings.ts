import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { settingsStore } from '#adapters/dynamodb/settings-store.ts';
import { unitReads } from '#adapters/dynamodb/unit-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/update-unit-settings.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toSettingsDto } from '#http/schemas/settings.ts';
import { updateUnitSettings } from '#use-cases/settings.ts';

const deps = { access: accessStore, units: unitReads, settingsStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, body, params, ifMatch }) => {
  const view = await updateUnitSettings(deps, asMember(caller), params.unitId, body, ifMatch);
  return ok(toSettingsDto(view), etag(view.version));
});
