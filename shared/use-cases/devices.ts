/**
 * Members' phones (telephony): whoever may manage a member adds, changes and removes their devices; whoever may read
 * the member reads them. A closed member gets no new device.
 */
import type { MemberCaller } from '#domain/caller.ts';
import type { Device, DevicePatch } from '#domain/device.ts';
import { assertIfMatch, ConflictError, NotFoundError } from '#domain/errors.ts';
import type { User } from '#domain/user.ts';
import type { DeviceStore } from '#ports/devices.ts';
import type { Page } from '#ports/paging.ts';
import type { AccessDeps } from './access.ts';
import type { Deps, UserReads } from './deps.ts';
import { deviceEvent, newDevice, type NewDeviceInput } from './device-events.ts';
import { retryWithoutIfMatch } from './retries.ts';
import { manageableMember, readableMember } from './users.ts';

/** What the reads need; the writes also need the clock and ids. */
/** Every device operation but the listing takes the store without its listing (the handler then bundles no paging). */
export type DeviceReadDeps = { users: UserReads } & AccessDeps & { devices: Omit<DeviceStore, 'list'> };
export type DeviceDeps = DeviceReadDeps & Pick<Deps, 'clock' | 'ids'>;

export async function createDevice(
  deps: Omit<DeviceDeps, 'devices'> & { devices: Pick<DeviceStore, 'create'> },
  caller: MemberCaller,
  userId: string,
  input: NewDeviceInput,
): Promise<Device> {
  const member = await manageableMember(deps, caller, userId);
  if (member.status === 'closed') throw new ConflictError('A closed member cannot be given a device');
  const { device, event } = newDevice(deps, caller, member, input, deps.clock.now().toISOString());
  await deps.devices.create(device, event);
  return device;
}

export async function listDevices(
  deps: { users: UserReads } & AccessDeps & { devices: Pick<DeviceStore, 'list'> },
  caller: MemberCaller,
  userId: string,
  query: { limit?: number; cursor?: string },
): Promise<Page<Device>> {
  await readableMember(deps, caller, userId);
  return deps.devices.list(caller.membership.accountId, userId, { limit: query.limit ?? 50, cursor: query.cursor });
}

async function deviceNamed(deps: DeviceReadDeps, member: User, deviceId: string, ifMatch?: number): Promise<Device> {
  const device = await deps.devices.get(member.accountId, member.id, deviceId);
  if (!device) throw new NotFoundError('No such device for this member');
  assertIfMatch(ifMatch, device.version);
  return device;
}

export async function getDevice(
  deps: DeviceReadDeps,
  caller: MemberCaller,
  userId: string,
  deviceId: string,
): Promise<Device> {
  return deviceNamed(deps, await readableMember(deps, caller, userId), deviceId);
}

const deviceFields = ['extension', 'model', 'macAddress'] as const;

export async function updateDevice(
  deps: DeviceDeps,
  caller: MemberCaller,
  userId: string,
  deviceId: string,
  patch: DevicePatch,
  ifMatch?: number,
): Promise<Device> {
  const member = await manageableMember(deps, caller, userId);
  return retryWithoutIfMatch(ifMatch, async () => {
    const current = await deviceNamed(deps, member, deviceId, ifMatch);
    if (member.status === 'closed') throw new ConflictError('A closed member’s devices cannot be changed');
    const changed = deviceFields.filter((k) => patch[k] !== undefined && patch[k] !== current[k]);
    if (changed.length === 0) return current;
    const at = deps.clock.now().toISOString();
    const next: Device = {
      ...current,
      ...Object.fromEntries(changed.map((k) => [k, patch[k]])),
      updatedAt: at,
      version: current.version + 1,
    };
    await deps.devices.update(
      next,
      current,
      deviceEvent(deps, caller, 'device.updated', next, member, at, { changed }),
    );
    return next;
  });
}

export async function deleteDevice(
  deps: DeviceDeps,
  caller: MemberCaller,
  userId: string,
  deviceId: string,
  ifMatch?: number,
): Promise<void> {
  const member = await manageableMember(deps, caller, userId);
  await retryWithoutIfMatch(ifMatch, async () => {
    const current = await deviceNamed(deps, member, deviceId, ifMatch);
    const at = deps.clock.now().toISOString();
    await deps.devices.delete(current, deviceEvent(deps, caller, 'device.deleted', current, member, at));
  });
}
