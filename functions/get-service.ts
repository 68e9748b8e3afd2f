import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { serviceStore } from '#adapters/dynamodb/service-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-service.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toServiceDto } from '#http/service-dto.ts';
import { getService } from '#use-cases/services.ts';

const deps = { access: accessStore, accounts: accountReads, users: userReads, services: serviceStore };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const view = await getService(deps, asMember(caller), params.userId, params.serviceId);
  return ok(toServiceDto(view), etag(view.service.version));
});
