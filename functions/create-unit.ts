import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { unitStore } from '#adapters/dynamodb/unit-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { asMember, memberRoute } from '#http/authenticate.ts';
import { created, etag } from '#http/responses.ts';
import { CreateUnitBody, toUnitDto } from '#http/schemas/units.ts';
import { createUnit } from '#use-cases/units.ts';

const deps = { access: accessStore, units: unitStore, clock: systemClock, ids: ulidIds };

export const handler = api(
  { auth: memberRoute(identityStore), body: CreateUnitBody, idempotency: idempotencyStore, clock: systemClock },
  async ({ caller, body, params }) => {
    const unit = await createUnit(deps, asMember(caller), body);
    return created(`/v1/accounts/${params.accountId}/units/${unit.id}`, toUnitDto(unit), etag(unit.version));
  },
);
