/** Members' phones: the device in the member's item collection, the account's extension claim, the deployment's MAC claim. */
import type { AuditEvent } from '#domain/audit.ts';
import type { Device } from '#domain/device.ts';
import type { Page, PageRequest } from './paging.ts';

export interface DeviceStore {
  /**
   * One transaction: the device, its extension claim (ExtensionTakenError), its MAC claim (MacAddressTakenError), a
   * check that the member exists and is not closed (ConflictError), the event.
   */
  create(device: Device, event: AuditEvent): Promise<void>;
  get(accountId: string, userId: string, deviceId: string): Promise<Device | null>;
  /** A member's devices, by id: one Query of the member's item collection. */
  list(accountId: string, userId: string, page: PageRequest): Promise<Page<Device>>;
  /**
   * One transaction: the device at `current.version` (PreconditionFailedError), and the claims moved when the
   * extension or the MAC address changed (ExtensionTakenError, MacAddressTakenError), the event.
   */
  update(device: Device, current: Device, event: AuditEvent): Promise<void>;
  /** One transaction: the device at its version, its claims released, the event. */
  delete(device: Device, event: AuditEvent): Promise<void>;
}
