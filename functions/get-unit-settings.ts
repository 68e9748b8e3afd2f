import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { settingsStore } from '#adapters/dynamodb/settings-store.ts';
import { unitReads } from '#adapters/dynamodb/unit-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-unit-settings.ts';
import { asMember } from '#http/authenticate.ts';
import { toSettingsDto } from '#http/organization-dto.ts';
import { etag, ok } from '#http/responses.ts';
import { getUnitSettings } from '#use-cases/settings.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const view = await getUnitSettings(
    { access: accessStore, units: unitReads, settingsStore },
    asMember(caller),
    params.unitId,
  );
  return ok(toSettingsDto(view), etag(view.version));
});
