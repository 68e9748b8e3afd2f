/**
 * The directory as a member file (export): which members a caller gets, and each one's row in the import's columns,
 * so that importing the file into a new account with the same unit tree makes the same members.
 */
import type { Device } from './device.ts';
import { formatUnitPath, type ImportColumn, joinEscaped } from './member-csv.ts';
import type { OrgUnit } from './org-unit.ts';
import { type Service, serviceTypes } from './service.ts';
import type { User } from './user.ts';

/** A page of the export stops after the member that takes it past this many bytes (a Lambda answer is at most 6 MB). */
export const EXPORT_PAGE_BYTES = 5_000_000;
/**
 * A page of the export also stops after the member that takes the items read past this many (a member is one item,
 * each of their services, phones and group memberships one more), whether or not they were written: a narrow admin's
 * request in a large account reads a bounded part of it, and the next page goes on from there.
 */
export const EXPORT_PAGE_ITEMS = 5_000;

/** A member with what the export writes of what they own. */
export interface DirectoryMember {
  user: User;
  services: Service[];
  devices: Device[];
  groupIds: string[];
}

/**
 * The organisation tree as read once: each unit's names from the root's child down, and whether a unit lies in a set
 * of subtrees. Both follow the parent links (not the stored paths, which a move under way may still be rewriting).
 */
export function unitTree(units: readonly OrgUnit[]) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const chain = (unitId: string): OrgUnit[] => {
    const out: OrgUnit[] = [];
    for (let u = byId.get(unitId); u && out.length <= units.length; u = u.parentId ? byId.get(u.parentId) : undefined)
      out.unshift(u);
    return out;
  };
  return {
    /** The unit's names below the root (`[]`: the root, or a unit no longer there). */
    namesOf: (unitId: string): string[] =>
      chain(unitId)
        .filter((u) => u.parentId !== null)
        .map((u) => u.name),
    /** Whether the unit is one of `roots` or lies below one. */
    isWithin: (unitId: string, roots: ReadonlySet<string>): boolean => chain(unitId).some((u) => roots.has(u.id)),
  };
}
export type UnitTree = ReturnType<typeof unitTree>;

/**
 * A member's row, values as the import reads them (the CSV writer quotes and guards against formulas). `extension` is
 * the member's first phone (the oldest); services are the open ones; `sendInvitation` is left empty (the import's
 * default: a person gets their setup mail).
 */
export function exportRow(
  member: DirectoryMember,
  tree: UnitTree,
  groupNames: ReadonlyMap<string, string>,
): Record<ImportColumn, string> {
  const { user } = member;
  const groups = member.groupIds
    .map((id) => groupNames.get(id))
    .filter((name): name is string => name !== undefined)
    .sort((a, b) => a.localeCompare(b));
  const open = new Set(member.services.filter((s) => s.status !== 'closed').map((s) => s.type));
  const firstPhone = [...member.devices].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : 1),
  )[0];
  return {
    username: user.username,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    type: user.type,
    role: user.role,
    unit: formatUnitPath(tree.namesOf(user.unitId)),
    countryCode: user.countryCode ?? '',
    language: user.language ?? '',
    groups: joinEscaped(groups, ';'),
    services: serviceTypes.filter((t) => open.has(t)).join(';'),
    extension: firstPhone?.extension ?? '',
    sendInvitation: '',
  };
}
