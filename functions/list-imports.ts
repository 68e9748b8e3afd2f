import { importStore } from '#adapters/dynamodb/import-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-imports.ts';
import { asMember } from '#http/authenticate.ts';
import { toImportDto } from '#http/imports-dto.ts';
import { ok } from '#http/responses.ts';
import { listImports } from '#use-cases/imports.ts';

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, query }) => {
  await loadSealingKeys();
  const page = await listImports({ imports: importStore }, asMember(caller), {
    limit: query.limit ?? 50,
    cursor: query.cursor,
  });
  return ok({ items: page.items.map(toImportDto), nextCursor: page.nextCursor });
});
