import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { unitReads } from '#adapters/dynamodb/unit-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-unit.ts';
import { asMember } from '#http/authenticate.ts';
import { toUnitDto } from '#http/organization-dto.ts';
import { etag, ok } from '#http/responses.ts';
import { getUnit } from '#use-cases/units.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const unit = await getUnit({ access: accessStore, units: unitReads }, asMember(caller), params.unitId);
  return ok(toUnitDto(unit), etag(unit.version));
});
