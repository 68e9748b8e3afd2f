import { importStore } from '#adapters/dynamodb/import-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-import-rows.ts';
import { asMember } from '#http/authenticate.ts';
import { toImportRowDto } from '#http/imports-dto.ts';
import { ok } from '#http/responses.ts';
import { listImportRows } from '#use-cases/imports.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, query }) => {
  await loadSealingKeys();
  const { status, limit, cursor } = query;
  const page = await listImportRows(
    { imports: importStore },
    asMember(caller),
    params.importId,
    { status },
    { limit: limit ?? 50, cursor },
  );
  return ok({ items: page.items.map(toImportRowDto), nextCursor: page.nextCursor });
});
