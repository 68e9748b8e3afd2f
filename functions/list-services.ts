import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { serviceStore } from '#adapters/dynamodb/service-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-services.ts';
import { asMember } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { toServiceDto } from '#http/service-dto.ts';
import { listServices } from '#use-cases/services.ts';

const deps = { access: accessStore, accounts: accountReads, users: userReads, services: serviceStore };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const views = await listServices(deps, asMember(caller), params.userId);
  return ok({ items: views.map(toServiceDto), nextCursor: null });
});
