import { serviceMailDeps } from './wiring/services.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/update-service.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toServiceDto } from '#http/service-dto.ts';
import { updateService } from '#use-cases/services.ts';

const deps = serviceMailDeps;

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, body, ifMatch }) => {
  const view = await updateService(deps, asMember(caller), params.userId, params.serviceId, body, ifMatch);
  return ok(toServiceDto(view), etag(view.service.version));
});
