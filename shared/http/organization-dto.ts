/** Units and settings → response bodies, apart from the valibot schemas so that read handlers bundle no schema library. */
import type { OrgUnit, UnitNode } from '#domain/org-unit.ts';

export const toUnitDto = (u: OrgUnit) => ({
  id: u.id,
  accountId: u.accountId,
  name: u.name,
  parentId: u.parentId,
  path: u.path,
  depth: u.depth,
  childCount: u.childCount,
  memberCount: u.memberCount,
  version: u.version,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});

type UnitNodeDto = ReturnType<typeof toUnitDto> & { children: UnitNodeDto[] };
export const toUnitNodeDto = (n: UnitNode): UnitNodeDto => ({
  ...toUnitDto(n),
  children: n.children.map(toUnitNodeDto),
});

/** `{ settings, effectiveSettings }`; the version travels as the ETag. */
export const toSettingsDto = (view: { settings: unknown; effectiveSettings: unknown }) => ({
  settings: view.settings,
  effectiveSettings: view.effectiveSettings,
});
