import { memberCsvWriter } from '#adapters/csv/member-csv-writer.ts';
import { groupListings } from '#adapters/dynamodb/group-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { memberDirectoryStore } from '#adapters/dynamodb/member-directory-store.ts';
import { unitSnapshots } from '#adapters/dynamodb/unit-repair-store.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { api } from '#http/api.ts';
import { asMember } from '#http/authenticate.ts';
import { route } from '#http/operations/export-users.ts';
import { text } from '#http/responses.ts';
import { exportUsers } from '#use-cases/export-users.ts';

const deps = { units: unitSnapshots, groups: groupListings, directory: memberDirectoryStore, csv: memberCsvWriter };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, query }) => {
  await loadSealingKeys();
  const page = await exportUsers(deps, asMember(caller), query);
  const self = `/v1/accounts/${encodeURIComponent(params.accountId)}/users/export`;
  return text(200, page.csv, 'text/csv; charset=utf-8', {
    'content-disposition': `attachment; filename="users-${params.accountId.replace(/[^A-Za-z0-9_-]/g, '_')}.csv"`,
    ...(page.nextCursor ? { link: `<${self}?cursor=${encodeURIComponent(page.nextCursor)}>; rel="next"` } : {}),
  });
});
