import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { deviceCreation } from '#adapters/dynamodb/device-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { idempotencyStore } from '#adapters/dynamodb/idempotency-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { idempotencyWith } from '#http/idempotency.ts';
import { route } from '#http/operations/create-device.ts';
import { asMember } from '#http/authenticate.ts';
import { created, etag } from '#http/responses.ts';
import { toDeviceDto } from '#http/telephony-dto.ts';
import { createDevice } from '#use-cases/devices.ts';

const deps = { devices: deviceCreation, users: userReads, access: accessStore, clock: systemClock, ids: ulidIds };

export const handler = api(
  route,
  { identity: accountAuthentication, idempotency: idempotencyWith(idempotencyStore, systemClock) },
  async ({ caller, params, body, location }) => {
    const device = await createDevice(deps, asMember(caller), params.userId, body);
    return created(location(device.id), toDeviceDto(device), etag(device.version));
  },
);
