import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { deviceRecords } from '#adapters/dynamodb/device-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/update-device.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toDeviceDto } from '#http/telephony-dto.ts';
import { updateDevice } from '#use-cases/devices.ts';

const deps = { devices: deviceRecords, users: userReads, access: accessStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, body, ifMatch }) => {
  const device = await updateDevice(deps, asMember(caller), params.userId, params.deviceId, body, ifMatch);
  return ok(toDeviceDto(device), etag(device.version));
});
