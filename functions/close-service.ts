import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { serviceStore } from '#adapters/dynamodb/service-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/close-service.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { closeService } from '#use-cases/services.ts';

const deps = {
  access: accessStore,
  accounts: accountReads,
  users: userReads,
  services: serviceStore,
  clock: systemClock,
  ids: ulidIds,
};

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, ifMatch }) => {
  await closeService(deps, asMember(caller), params.userId, params.serviceId, ifMatch);
  return noContent();
});
