import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountStore } from '#adapters/dynamodb/account-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { serviceStore } from '#adapters/dynamodb/service-store.ts';
import { userStore } from '#adapters/dynamodb/user-store.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/update-service.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toServiceDto } from '#http/service-dto.ts';
import { updateService } from '#use-cases/services.ts';

const deps = withSettings({
  access: accessStore,
  accounts: accountStore,
  users: userStore,
  services: serviceStore,
  mailer: sesMailer,
  clock: systemClock,
  ids: ulidIds,
});

export const handler = api(route, { identity: identityStore }, async ({ caller, params, body, ifMatch }) => {
  const view = await updateService(deps, asMember(caller), params.userId, params.serviceId, body, ifMatch);
  return ok(toServiceDto(view), etag(view.service.version));
});
