import { route } from '#http/operations/scim-list-users.ts';
import { scimApi, scimOk } from '#http/scim/api.ts';
import { listResponse, parseListQuery } from '#http/scim/list-query.ts';
import { scimUserDocument } from '#http/scim-users-dto.ts';
import { scimWiring } from '#adapters/scim-wiring.ts';
import { SCIM_USER_FILTER_ATTRIBUTES, scimListUsers } from '#use-cases/scim-users.ts';
import { scimUserReads } from './wiring/scim-users.ts';

export const handler = scimApi(route, scimWiring, async ({ caller, query, baseUrl }) => {
  const q = parseListQuery(query, SCIM_USER_FILTER_ATTRIBUTES);
  const { users, totalResults } = await scimListUsers(scimUserReads, caller, q);
  return scimOk(
    listResponse(
      users.map((u) => scimUserDocument(u, baseUrl, q)),
      totalResults,
      q.startIndex,
    ),
  );
});
