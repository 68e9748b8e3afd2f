import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountStore } from '#adapters/dynamodb/account-store.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { serviceStore } from '#adapters/dynamodb/service-store.ts';
import { userStore } from '#adapters/dynamodb/user-store.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/create-service.ts';
import { asMember } from '#http/authenticate.ts';
import { created, etag } from '#http/responses.ts';
import { toServiceDto } from '#http/service-dto.ts';
import { createService } from '#use-cases/services.ts';

const deps = withSettings({
  access: accessStore,
  accounts: accountStore,
  users: userStore,
  services: serviceStore,
  mailer: sesMailer,
  clock: systemClock,
  ids: ulidIds,
});

export const handler = api(
  route,
  { identity: identityStore, idempotency: idempotencyStore, clock: systemClock },
  async ({ caller, params, body, location }) => {
    const view = await createService(deps, asMember(caller), params.userId, body);
    return created(location(view.service.type), toServiceDto(view), etag(view.service.version));
  },
);
