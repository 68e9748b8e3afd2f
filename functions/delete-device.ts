import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { deviceRecords } from '#adapters/dynamodb/device-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/delete-device.ts';
import { asMember } from '#http/authenticate.ts';
import { noContent } from '#http/responses.ts';
import { deleteDevice } from '#use-cases/devices.ts';

const deps = { devices: deviceRecords, users: userReads, access: accessStore, clock: systemClock, ids: ulidIds };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, ifMatch }) => {
  await deleteDevice(deps, asMember(caller), params.userId, params.deviceId, ifMatch);
  return noContent();
});
