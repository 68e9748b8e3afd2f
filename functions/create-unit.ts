import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { unitCreation } from '#adapters/dynamodb/unit-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { idempotencyWith } from '#http/idempotency.ts';
import { route } from '#http/operations/create-unit.ts';
import { asMember } from '#http/authenticate.ts';
import { created, etag } from '#http/responses.ts';
import { toUnitDto } from '#http/schemas/units.ts';
import { createUnit } from '#use-cases/units.ts';

const deps = { access: accessStore, units: unitCreation, clock: systemClock, ids: ulidIds };

export const handler = api(
  route,
  { identity: accountAuthentication, idempotency: idempotencyWith(idempotencyStore, systemClock) },
  async ({ caller, body, location }) => {
    const unit = await createUnit(deps, asMember(caller), body);
    return created(location(unit.id), toUnitDto(unit), etag(unit.version));
  },
);
