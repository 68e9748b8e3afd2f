import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { unitStore } from '#adapters/dynamodb/unit-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { asMember, memberRoute } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toUnitDto, UpdateUnitBody } from '#http/schemas/units.ts';
import { updateUnit } from '#use-cases/units.ts';

const deps = { access: accessStore, units: unitStore, clock: systemClock, ids: ulidIds };

export const handler = api(
  { auth: memberRoute(identityStore), body: UpdateUnitBody },
  async ({ caller, body, params, ifMatch }) => {
    const unit = await updateUnit(deps, asMember(caller), params.unitId, body, ifMatch);
    return ok(toUnitDto(unit), etag(unit.version));
  },
);
