/**
 * Numbers and devices in memory, with the conditions of the DynamoDB adapters (number-store.ts, device-store.ts):
 * numbers unique in the deployment, extensions unique in the account, MAC addresses unique in the deployment,
 * versions, a new holder (or a device's member) that must exist and not be closed, and numbers shared with groups
 * (./memory-groups.ts, wired in `groups`) whose counts move with each share.
 */
import type { AuditEvent } from '#domain/audit.ts';
import type { Device } from '#domain/device.ts';
import {
  ConflictError,
  ExtensionTakenError,
  MacAddressTakenError,
  NotFoundError,
  NumberTakenError,
  PreconditionFailedError,
} from '#domain/errors.ts';
import type { PhoneNumber } from '#domain/phone-number.ts';
import type { User } from '#domain/user.ts';
import type { DeviceStore } from '#ports/devices.ts';
import type { NumberStore } from '#ports/numbers.ts';
import type { MemoryGroups } from './memory-groups.ts';
import { pageOf } from './paging.ts';

interface Directory {
  users: Map<string, User>;
  events: AuditEvent[];
  /** Members' services (./memory-services.ts), by `<accountId>/<userId>/<type>`. */
  services: { services: Map<string, { status: string }> };
}

export class MemoryTelephony {
  /** Numbers by `<accountId>/<numberId>`; the deployment's claims: e164 → `<accountId>/<numberId>`. */
  numbers = new Map<string, PhoneNumber>();
  numberClaims = new Map<string, string>();
  /** Devices by `<accountId>/<userId>/<deviceId>`; claims: `<accountId>/<extension>` and MAC → device key. */
  devices = new Map<string, Device>();
  extensions = new Map<string, string>();
  macs = new Map<string, string>();
  /** Shares: `<accountId>/<numberId>/<groupId>`. */
  shares = new Set<string>();
  /** The groups numbers are shared with (and whose counts move): wire them in to share numbers. */
  groups: MemoryGroups | null = null;

  constructor(private readonly dir: Directory) {}

  private assertMemberOpen(accountId: string, userId: string, what: string) {
    const status = this.dir.users.get(`${accountId}/${userId}`)?.status;
    if (!status || status === 'closed') throw new ConflictError(`A closed member cannot be ${what}`);
  }

  numberStore: NumberStore = {
    create: async (n, event) => {
      if (this.numberClaims.has(n.e164)) throw new NumberTakenError();
      this.numberClaims.set(n.e164, `${n.accountId}/${n.id}`);
      this.numbers.set(`${n.accountId}/${n.id}`, structuredClone(n));
      this.dir.events.push(event);
    },
    get: async (accountId, numberId) => structuredClone(this.numbers.get(`${accountId}/${numberId}`) ?? null),
    list: async (accountId, page) =>
      pageOf(
        [...this.numbers.values()].filter((n) => n.accountId === accountId).map((n) => structuredClone(n)),
        page,
        `numbers|${accountId}`,
        (n) => n.id,
      ),
    listAssignedTo: async (accountId, userId, page) =>
      pageOf(
        [...this.numbers.values()]
          .filter((n) => n.accountId === accountId && n.assignment?.userId === userId)
          .map((n) => structuredClone(n)),
        page,
        `numbers|${accountId}|${userId}`,
        (n) => n.id,
      ),
    update: async (n, expectedVersion, events, previousHolder) => {
      const key = `${n.accountId}/${n.id}`;
      if (this.numbers.get(key)?.version !== expectedVersion) throw new PreconditionFailedError();
      if (n.assignment?.serviceId) {
        // the service it rings is one of the holder's, and not closed (as the adapter's condition check)
        const service = this.dir.services.services.get(
          `${n.accountId}/${n.assignment.userId}/${n.assignment.serviceId}`,
        );
        if (!service || service.status === 'closed')
          throw new ConflictError(`The member has no open ${n.assignment.serviceId} service to assign this number to`);
      }
      if (n.assignment && n.assignment.userId !== previousHolder)
        this.assertMemberOpen(n.accountId, n.assignment.userId, 'assigned a number');
      this.numbers.set(key, structuredClone(n));
      this.dir.events.push(...events);
    },
    delete: async (n, event) => {
      const key = `${n.accountId}/${n.id}`;
      if (this.numbers.get(key)?.version !== n.version) throw new PreconditionFailedError();
      if (this.numberClaims.get(n.e164) !== key) throw new NotFoundError();
      this.numbers.delete(key);
      this.numberClaims.delete(n.e164);
      for (const g of n.groupIds) {
        this.shares.delete(`${key}/${g}`);
        this.groups?.moveSharedItemCount(n.accountId, g, -1);
      }
      this.dir.events.push(event);
    },
    share: async (n, expectedVersion, groupId, shared, event) => {
      const key = `${n.accountId}/${n.id}`;
      if (this.numbers.get(key)?.version !== expectedVersion) throw new PreconditionFailedError();
      if (this.shares.has(`${key}/${groupId}`) === shared) throw new PreconditionFailedError();
      // the group must exist (the count's condition): checked before anything is applied
      if (!this.groups?.groups.has(`${n.accountId}/${groupId}`))
        throw new NotFoundError(`No group ${groupId} in this account`);
      this.groups.moveSharedItemCount(n.accountId, groupId, shared ? 1 : -1);
      if (shared) this.shares.add(`${key}/${groupId}`);
      else this.shares.delete(`${key}/${groupId}`);
      this.numbers.set(key, structuredClone(n));
      this.dir.events.push(event);
    },
  };

  /** The claims a new device takes: checked before anything is written (createUser calls it first too). */
  assertDeviceFree(d: Device) {
    if (this.extensions.has(`${d.accountId}/${d.extension}`)) throw new ExtensionTakenError();
    if (d.macAddress && this.macs.has(d.macAddress)) throw new MacAddressTakenError();
  }

  /** Writes a device and its claims (after assertDeviceFree). */
  addDevice(d: Device) {
    const key = `${d.accountId}/${d.userId}/${d.id}`;
    this.devices.set(key, structuredClone(d));
    this.extensions.set(`${d.accountId}/${d.extension}`, key);
    if (d.macAddress) this.macs.set(d.macAddress, key);
  }

  deviceStore: DeviceStore = {
    create: async (d, event) => {
      this.assertDeviceFree(d);
      this.assertMemberOpen(d.accountId, d.userId, 'given a device');
      this.addDevice(d);
      this.dir.events.push(event);
    },
    get: async (accountId, userId, deviceId) =>
      structuredClone(this.devices.get(`${accountId}/${userId}/${deviceId}`) ?? null),
    list: async (accountId, userId, page) =>
      pageOf(
        [...this.devices.values()]
          .filter((d) => d.accountId === accountId && d.userId === userId)
          .map((d) => structuredClone(d)),
        page,
        `devices|${accountId}|${userId}`,
        (d) => d.id,
      ),
    update: async (d, current, event) => {
      const key = `${d.accountId}/${d.userId}/${d.id}`;
      if (this.devices.get(key)?.version !== current.version) throw new PreconditionFailedError();
      const extension = `${d.accountId}/${d.extension}`;
      if (d.extension !== current.extension && this.extensions.has(extension)) throw new ExtensionTakenError();
      if (d.macAddress && d.macAddress !== current.macAddress && this.macs.has(d.macAddress))
        throw new MacAddressTakenError();
      this.extensions.delete(`${current.accountId}/${current.extension}`);
      if (current.macAddress) this.macs.delete(current.macAddress);
      this.addDevice(d);
      this.dir.events.push(event);
    },
    delete: async (d, event) => {
      const key = `${d.accountId}/${d.userId}/${d.id}`;
      if (this.devices.get(key)?.version !== d.version) throw new PreconditionFailedError();
      this.devices.delete(key);
      this.extensions.delete(`${d.accountId}/${d.extension}`);
      if (d.macAddress) this.macs.delete(d.macAddress);
      this.dir.events.push(event);
    },
  };

  /**
   * Closing a member (the close hook's NUMBER and DEVICE detachers): their numbers unassigned, their phones deleted
   * with their claims, one event each. Returns how many it detached.
   */
  detachMember(user: User, at: string, event: (type: string, details: Record<string, unknown>) => AuditEvent): number {
    let n = 0;
    for (const [key, number] of this.numbers) {
      if (number.accountId !== user.accountId || number.assignment?.userId !== user.id) continue;
      this.numbers.set(key, { ...number, assignment: null, updatedAt: at, version: number.version + 1 });
      this.dir.events.push(event('number.unassigned', { numberId: number.id, e164: number.e164 }));
      n += 1;
    }
    for (const [key, d] of this.devices) {
      if (d.accountId !== user.accountId || d.userId !== user.id) continue;
      this.devices.delete(key);
      this.extensions.delete(`${d.accountId}/${d.extension}`);
      if (d.macAddress) this.macs.delete(d.macAddress);
      this.dir.events.push(
        event('device.deleted', { deviceId: d.id, extension: d.extension, macAddress: d.macAddress }),
      );
      n += 1;
    }
    return n;
  }
}
