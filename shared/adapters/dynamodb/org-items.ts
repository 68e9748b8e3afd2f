/** Organisation units, the tree item and unit settings <-> table items. */
import type { OrgUnit, PendingMove, TreeState } from '#domain/org-unit.ts';
import type { StoredUnitSettings } from '#ports/units.ts';
import type { Item } from './items.ts';
import { keys } from './keys.ts';

const unitFields = [
  'id',
  'accountId',
  'name',
  'parentId',
  'path',
  'depth',
  'childCount',
  'version',
  'createdAt',
  'updatedAt',
] as const;

export const orgUnitItem = (u: OrgUnit): Item => ({ ...keys.orgUnit(u.accountId, u.id), entity: 'OrgUnit', ...u });

export function fromOrgUnitItem(item: Item): OrgUnit {
  const out: Record<string, unknown> = {};
  for (const f of unitFields) out[f] = item[f] ?? null;
  return {
    ...(out as unknown as OrgUnit),
    childCount: Number(item.childCount ?? 0),
    memberCount: Number(item.memberCount ?? 0),
  };
}

/** The tree item of a new account: its root is the one unit. */
export const newOrgTreeItem = (accountId: string): Item => ({
  ...keys.orgTree(accountId),
  entity: 'OrgTree',
  units: 1,
  revision: 1,
});

export function fromOrgTreeItem(item: Item | undefined): TreeState {
  const move = item?.move as PendingMove | undefined;
  return { unitCount: Number(item?.units ?? 0), revision: Number(item?.revision ?? 0), move: move ?? null };
}

export const unitSettingsItem = (accountId: string, unitId: string, s: StoredUnitSettings): Item => ({
  ...keys.unitSettings(accountId, unitId),
  entity: 'UnitSettings',
  accountId,
  unitId,
  overrides: s.overrides,
  version: s.version,
});

export const fromUnitSettingsItem = (item: Item): StoredUnitSettings => ({
  overrides: (item.overrides as StoredUnitSettings['overrides'] | undefined) ?? {},
  version: Number(item.version ?? 0),
});
