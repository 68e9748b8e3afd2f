import { importStore } from '#adapters/dynamodb/import-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-import.ts';
import { asMember } from '#http/authenticate.ts';
import { toImportDto } from '#http/imports-dto.ts';
import { ok } from '#http/responses.ts';
import { getImport } from '#use-cases/imports.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) =>
  ok(toImportDto(await getImport({ imports: importStore }, asMember(caller), params.importId))),
);
