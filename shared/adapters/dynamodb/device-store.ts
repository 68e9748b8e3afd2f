/** Members' phones (entities/device.ts): the device and its extension and MAC claims move together. */
import { GetCommand } from './document.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { Device } from '#domain/device.ts';
import { ConflictError, ExtensionTakenError, MacAddressTakenError, PreconditionFailedError } from '#domain/errors.ts';
import type { DeviceStore } from '#ports/devices.ts';
import { ddb, tableName } from './client.ts';
import { auditEventItem } from './entities/audit-event.ts';
import {
  deviceItem,
  deviceKey,
  devicesOfMember,
  extensionClaimItem,
  extensionClaimKey,
  fromDeviceItem,
  macClaimItem,
  macClaimKey,
} from './entities/device.ts';
import { userKey } from './entities/user.ts';
import { queryPage } from './query-page.ts';
import { check, del, put, transact, type Step } from './transact.ts';

const extensionClaimStep = (d: Device): Step => ({
  item: put(extensionClaimItem(d), 'attribute_not_exists(PK)'),
  onConditionFailed: () => new ExtensionTakenError(`Extension ${d.extension} is already in use in this account`),
});
const macClaimStep = (d: Device & { macAddress: string }): Step => ({
  item: put(macClaimItem(d), 'attribute_not_exists(PK)'),
  onConditionFailed: () => new MacAddressTakenError(`${d.macAddress} is already registered`),
});
/** A claim is released only by the device that holds it. */
const releaseStep = (key: { PK: string; SK: string }, d: Device): Step => ({
  item: del(key, 'deviceId = :d', { ':d': d.id }),
  onConditionFailed: () => new PreconditionFailedError(),
});

/** The items a new device consists of: the device and its claims (createUser adds them to its own transaction). */
export function newDeviceSteps(device: Device): Step[] {
  return [
    { item: put(deviceItem(device), 'attribute_not_exists(PK)') },
    extensionClaimStep(device),
    ...(device.macAddress ? [macClaimStep({ ...device, macAddress: device.macAddress })] : []),
  ];
}

/** A device deleted (at its version) with its claims released; closing a member reuses it for their phones. */
export function deleteDeviceSteps(device: Device, event: AuditEvent): Step[] {
  return [
    {
      item: del(
        deviceKey(device.accountId, device.userId, device.id),
        '#v = :v',
        { ':v': device.version },
        {
          '#v': 'version',
        },
      ),
      onConditionFailed: () => new PreconditionFailedError(),
    },
    releaseStep(extensionClaimKey(device.accountId, device.extension), device),
    ...(device.macAddress ? [releaseStep(macClaimKey(device.macAddress), device)] : []),
    { item: put(auditEventItem(event)) },
  ];
}

/** A new device with its claims, on an open member (one transaction). */
const createDevice: DeviceStore['create'] = async (device, event) => {
  await transact([
    ...newDeviceSteps(device),
    {
      item: check(
        userKey(device.accountId, device.userId),
        'attribute_exists(PK) AND #s <> :closed',
        { ':closed': 'closed' },
        { '#s': 'status' },
      ),
      onConditionFailed: () => new ConflictError('A closed member cannot be given a device'),
    },
    { item: put(auditEventItem(event)) },
  ]);
};

/** Creation alone: adding a device bundles none of the store's other writes. */
export const deviceCreation: Pick<DeviceStore, 'create'> = { create: createDevice };

/** The store's listings (a Query page each, with paging and cursor sealing). */
export const deviceListings: Pick<DeviceStore, 'list'> = {
  list(accountId, userId, page) {
    return queryPage(
      { pattern: devicesOfMember, key: [accountId], sortKeyPrefix: devicesOfMember.prefix(userId) },
      page,
      fromDeviceItem,
    );
  },
};

/** The store without its listings: a function that lists nothing bundles no paging. */
export const deviceRecords: Omit<DeviceStore, 'list'> = {
  create: createDevice,

  async get(accountId, userId, deviceId) {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: deviceKey(accountId, userId, deviceId), ConsistentRead: true }),
    );
    return Item ? fromDeviceItem(Item) : null;
  },

  async update(device, current, event) {
    const steps: Step[] = [
      {
        item: put(
          deviceItem(device),
          'attribute_exists(PK) AND #v = :v',
          { ':v': current.version },
          { '#v': 'version' },
        ),
        onConditionFailed: () => new PreconditionFailedError(),
      },
    ];
    if (device.extension !== current.extension)
      steps.push(
        releaseStep(extensionClaimKey(current.accountId, current.extension), current),
        extensionClaimStep(device),
      );
    if (device.macAddress !== current.macAddress) {
      if (current.macAddress) steps.push(releaseStep(macClaimKey(current.macAddress), current));
      if (device.macAddress) steps.push(macClaimStep({ ...device, macAddress: device.macAddress }));
    }
    steps.push({ item: put(auditEventItem(event)) });
    await transact(steps);
  },

  async delete(device, event) {
    await transact(deleteDeviceSteps(device, event));
  },
};

/** The whole store; marked pure so that a bundle giving only `deviceRecords` drops the listings. */
export const deviceStore: DeviceStore = /* @__PURE__ */ (() => ({ ...deviceRecords, ...deviceListings }))();
