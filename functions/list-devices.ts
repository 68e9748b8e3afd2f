import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { deviceListings } from '#adapters/dynamodb/device-store.ts';
import { accountAuthentication } from '#adapters/dynamodb/identity-authentication.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { loadSealingKeys } from '#adapters/sealing-secret.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/list-devices.ts';
import { asMember } from '#http/authenticate.ts';
import { ok } from '#http/responses.ts';
import { toDeviceDto } from '#http/telephony-dto.ts';
import { listDevices } from '#use-cases/devices.ts';

const deps = { devices: deviceListings, users: userReads, access: accessStore };

export const handler = api(route, { identity: accountAuthentication }, async ({ caller, params, query }) => {
  await loadSealingKeys();
  const page = await listDevices(deps, asMember(caller), params.userId, query);
  return ok({ items: page.items.map(toDeviceDto), nextCursor: page.nextCursor });
});
