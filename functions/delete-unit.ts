import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { unitRecords } from '#adapters/dynamodb/unit-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/delete-unit.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { deleteUnit } from '#use-cases/units.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, ifMatch }) => {
  await deleteUnit(
    { access: accessStore, units: unitRecords, clock: systemClock, ids: ulidIds },
    asMember(caller),
    params.unitId,
    ifMatch,
  );
  return noContent();
});
