/**
 * Members' phones (telephony). The device lives in its member's item collection (`USER#<userId>#DEVICE#<deviceId>`);
 * its extension is claimed in the account's partition (`EXTENSION#<extension>`), its MAC address in a partition of
 * its own for the whole deployment (`MAC#<mac>`). Claims move and go with the device, in the same transaction.
 */
import type { Device } from '#domain/device.ts';
import { type EntityShape, type Item, type Key, type Pattern, type QueryPattern, show, strip } from '../entity.ts';
import { accountPartition } from './account.ts';

const memberDevicesPrefix = (userId: string): string => `USER#${userId}#DEVICE#`;

export const deviceKey = (accountId: string, userId: string, deviceId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `${memberDevicesPrefix(userId)}${deviceId}`,
});
/** Uniqueness of an extension within an account. */
export const extensionClaimKey = (accountId: string, extension: string): Key => ({
  PK: accountPartition(accountId),
  SK: `EXTENSION#${extension}`,
});
/** Uniqueness of a MAC address in the deployment (canonical form). */
export const macClaimKey = (mac: string): Key => ({ PK: `MAC#${mac}`, SK: 'CLAIM' });

/** A member's devices: their item collection, by device id. */
export const devicesOfMember: QueryPattern<[accountId: string]> & { prefix: (userId: string) => string } = {
  name: 'devicesOfMember',
  index: 'table',
  partition: accountPartition,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: /* @__PURE__ */ memberDevicesPrefix('<u>'),
  prefix: memberDevicesPrefix,
};

const deviceFields = [
  'id',
  'accountId',
  'userId',
  'extension',
  'model',
  'macAddress',
  'createdAt',
  'updatedAt',
  'version',
] as const;

export const deviceItem = (d: Device): Item => ({ ...deviceKey(d.accountId, d.userId, d.id), entity: 'Device', ...d });
export const fromDeviceItem = (item: Item): Device => strip<Device>(item, deviceFields);
export const extensionClaimItem = (d: Device): Item => ({
  ...extensionClaimKey(d.accountId, d.extension),
  entity: 'ExtensionClaim',
  userId: d.userId,
  deviceId: d.id,
});
export const macClaimItem = (d: Device & { macAddress: string }): Item => ({
  ...macClaimKey(d.macAddress),
  entity: 'MacClaim',
  accountId: d.accountId,
  deviceId: d.id,
});

export const deviceEntities: EntityShape[] = [
  { name: 'Device (phone)', key: () => deviceKey('<accountId>', '<userId>', '<deviceId>') },
  { name: 'Extension claim', key: () => extensionClaimKey('<accountId>', '<extension>'), notes: () => '`deviceId`' },
  {
    name: 'MAC address claim (deployment-wide)',
    key: () => macClaimKey('<AA:BB:CC:DD:EE:FF>'),
    notes: () => '`accountId`, `deviceId` of the holder',
  },
];

export const devicePatterns: Pattern[] = [
  {
    query: devicesOfMember,
    summary: "one page of a member's devices (their item collection)",
    roundTrips: '1 (+ the read check of the member)',
    cost: '~0.5 RCU per 4 KB; `Limit = limit + 1`',
  },
  {
    name: 'device',
    summary: 'read a device',
    operation: 'GetItem, consistent',
    index: 'table',
    keyCondition: () => show(deviceKey('<a>', '<u>', '<d>')),
    roundTrips: '1',
    cost: '1 RCU',
  },
  {
    name: 'createDevice',
    summary: 'add a phone to a member (also inside createUser, when it names an extension)',
    operation:
      'TransactWriteItems: device, extension claim (→ 409 extension_taken), MAC claim (→ 409 mac_address_taken), ' +
      'member check (not closed; not inside createUser), event',
    index: 'table',
    keyCondition: () =>
      `${show(deviceKey('<a>', '<u>', '<d>'))}, ${extensionClaimKey('<a>', '<ext>').SK}, ${show(macClaimKey('<mac>'))}`,
    roundTrips: '1 (+ the member and its manage check)',
    cost: '6–10 WCU',
  },
  {
    name: 'updateOrDeleteDevice',
    summary: 'change a device (its claims move) or delete it (its claims go)',
    operation:
      'GetItem device; TransactWriteItems: device (version), old claims deleted and new ones put when they change, event',
    index: 'table',
    keyCondition: () => `${show(deviceKey('<a>', '<u>', '<d>'))}, claims as createDevice`,
    roundTrips: '2 (+ the member and its manage check)',
    cost: '4–12 WCU',
  },
];
