import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { unitSnapshots } from '#adapters/dynamodb/unit-repair-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-units.ts';
import { asMember } from '#http/authenticate.ts';
import { toUnitNodeDto } from '#http/organization-dto.ts';
import { ok } from '#http/responses.ts';
import { listUnits } from '#use-cases/units.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller }) => {
  const tops = await listUnits({ units: unitSnapshots }, asMember(caller));
  return ok({ items: tops.map(toUnitNodeDto), nextCursor: null });
});
