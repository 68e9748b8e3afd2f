import { serviceMailDeps } from './wiring/services.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { idempotencyWith } from '#http/idempotency.ts';
import { route } from '#http/operations/create-service.ts';
import { asMember } from '#http/authenticate.ts';
import { created, etag } from '#http/responses.ts';
import { toServiceDto } from '#http/service-dto.ts';
import { createService } from '#use-cases/services.ts';

const deps = serviceMailDeps;

export const handler = api(
  route,
  { identity: accountAuthentication, idempotency: idempotencyWith(idempotencyStore, systemClock) },
  async ({ caller, params, body, location }) => {
    const view = await createService(deps, asMember(caller), params.userId, body);
    return created(location(view.service.type), toServiceDto(view), etag(view.service.version));
  },
);
