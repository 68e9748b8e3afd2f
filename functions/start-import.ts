import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { idempotencyWith } from '#http/idempotency.ts';
import { route } from '#http/operations/start-import.ts';
import { asMember } from '#http/authenticate.ts';
import { toImportDto } from '#http/imports-dto.ts';
import { readRawBody } from '#http/raw-body.ts';
import { json } from '#http/responses.ts';
import { startImport } from '#use-cases/imports.ts';
import { importAdapters } from './wiring/imports.ts';

export const handler = api(
  route,
  {
    identity: accountAuthentication,
    idempotency: idempotencyWith(idempotencyStore, systemClock),
    readFile: readRawBody,
  },
  async ({ caller, body, query, location }) => {
    const { import: imp, created } = await startImport(importAdapters, asMember(caller), {
      file: body,
      dryRun: query.dryRun ?? false,
      createGroups: query.createGroups ?? false,
    });
    return json(created ? 202 : 200, toImportDto(imp), { location: location(imp.id) });
  },
);
