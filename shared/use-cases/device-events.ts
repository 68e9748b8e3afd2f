/** A device as a use case builds it, and its audit events (shared by createUser and the device operations). */
import { auditEvent } from '#domain/audit.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import type { Device } from '#domain/device.ts';
import type { User } from '#domain/user.ts';
import type { Deps } from './deps.ts';

export interface NewDeviceInput {
  extension: string;
  model?: string | null;
  /** Canonical form (normalizeMac), as the request schema leaves it. */
  macAddress?: string | null;
}

/** A new device of `user`, and its `device.created` event (createUser writes both with the member). */
export function newDevice(
  deps: Pick<Deps, 'ids'>,
  caller: MemberCaller,
  user: Pick<User, 'id' | 'accountId' | 'unitPath'>,
  input: NewDeviceInput,
  at: string,
) {
  const device: Device = {
    id: deps.ids.next(),
    accountId: user.accountId,
    userId: user.id,
    extension: input.extension,
    model: input.model ?? null,
    macAddress: input.macAddress ?? null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  return { device, event: deviceEvent(deps, caller, 'device.created', device, user, at) };
}

export function deviceEvent(
  deps: Pick<Deps, 'ids'>,
  caller: MemberCaller,
  type: 'device.created' | 'device.updated' | 'device.deleted',
  d: Device,
  member: Pick<User, 'id' | 'unitPath'>,
  at: string,
  details: Record<string, unknown> = {},
) {
  return auditEvent(deps.ids, {
    accountId: d.accountId,
    type,
    at,
    actor: actorOf(caller),
    target: { userId: member.id },
    unitPath: member.unitPath,
    details: { deviceId: d.id, extension: d.extension, macAddress: d.macAddress, ...details },
  });
}
