import { importStore } from '#adapters/dynamodb/import-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/cancel-import.ts';
import { asMember } from '#http/authenticate.ts';
import { toImportDto } from '#http/imports-dto.ts';
import { json } from '#http/responses.ts';
import { cancelImport } from '#use-cases/imports.ts';

const deps = { imports: importStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) =>
  json(202, toImportDto(await cancelImport(deps, asMember(caller), params.importId))),
);
