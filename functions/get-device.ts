import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { deviceRecords } from '#adapters/dynamodb/device-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/get-device.ts';
import { asMember } from '#http/authenticate.ts';
import { etag, ok } from '#http/responses.ts';
import { toDeviceDto } from '#http/telephony-dto.ts';
import { getDevice } from '#use-cases/devices.ts';

const deps = { devices: deviceRecords, users: userReads, access: accessStore };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params }) => {
  const device = await getDevice(deps, asMember(caller), params.userId, params.deviceId);
  return ok(toDeviceDto(device), etag(device.version));
});
