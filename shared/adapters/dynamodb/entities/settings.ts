/**
 * Settings layers: the account level is the account item's `settings` map (and `mfaRequired`); each unit with
 * overrides has one item in the account's partition, outside the tree partition (the tree Query does not read them).
 */
import type { StoredUnitSettings } from '#ports/units.ts';
import { type Pattern, type EntityShape, type Item, type Key, show } from '../entity.ts';
import { accountKey, accountPartition } from './account.ts';

export const unitSettingsKey = (accountId: string, unitId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `UNIT_SETTINGS#${unitId}`,
});

export const unitSettingsItem = (accountId: string, unitId: string, s: StoredUnitSettings): Item => ({
  ...unitSettingsKey(accountId, unitId),
  entity: 'UnitSettings',
  accountId,
  unitId,
  overrides: s.overrides,
  version: s.version,
});
export const isUnitSettings = (item: Item): boolean => item.entity === 'UnitSettings';

export const fromUnitSettingsItem = (item: Item): StoredUnitSettings => ({
  overrides: (item.overrides as StoredUnitSettings['overrides'] | undefined) ?? {},
  version: Number(item.version ?? 0),
});

export const settingsEntities: EntityShape[] = [
  {
    name: 'Unit settings (overrides)',
    key: () => unitSettingsKey('<accountId>', '<unitId>'),
    notes: () =>
      'account-level settings are the `settings` map (and `mfaRequired`) on the Account item, which also names its `rootUnitId`',
  },
];

export const settingsPatterns: Pattern[] = [
  {
    name: 'accountSettings',
    summary: 'account settings',
    operation: 'the account comes with the authorization read (PATCH: + TransactWriteItems account (version), event)',
    index: 'table',
    keyCondition: () => show(accountKey('<a>')),
    roundTrips: '1 (2)',
    cost: '— (+ ≈ 5 WCU)',
  },
  {
    name: 'effectiveUnitSettings',
    summary: "a unit's effective settings",
    operation: 'BatchGetItem unit + tree; BatchGetItem account + the settings of every unit on the path (≤ 10 keys)',
    index: 'table',
    keyCondition: () => `${show(accountKey('<a>'))}, ${show(unitSettingsKey('<a>', '<unit>'))} per unit on the path`,
    roundTrips: '3 (measured, with authorization)',
    cost: '≤ 12 RCU',
  },
  {
    name: 'changeUnitSettings',
    summary: "change a unit's settings",
    operation:
      'the two reads; TransactWriteItems: settings (version), ConditionCheck unit exists (an admin: at its version ' +
      'as read), event; an admin: ConditionCheck tree move state as read (their scope check)',
    index: 'table',
    keyCondition: () => show(unitSettingsKey('<a>', '<unit>')),
    roundTrips: '4 (measured, with authorization)',
    cost: '≤ 12 RCU, ≈ 7 WCU',
  },
];
