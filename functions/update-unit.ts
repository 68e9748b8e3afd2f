import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { unitUpdates } from '#adapters/dynamodb/unit-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/update-unit.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toUnitDto } from '#http/schemas/units.ts';
import { updateUnit } from '#use-cases/units.ts';

const deps = { access: accessStore, units: unitUpdates, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, body, params, ifMatch }) => {
  const unit = await updateUnit(deps, asMember(caller), params.unitId, body, ifMatch);
  return ok(toUnitDto(unit), etag(unit.version));
});
