/**
 * Groups of an account: a named set of members (membership items live in each member's item collection) with exact
 * counts of its members and of the items shared with it (numbers, shared contacts), kept in the transaction of each
 * change. A group belongs to the account, not to a unit: every admin sees every group, and adds or removes only the
 * members they manage.
 */
import { isAccountManager, isAdmin } from './authorization.ts';
import type { MemberCaller } from './caller.ts';
import { ForbiddenError } from './errors.ts';

export interface Group {
  id: string;
  accountId: string;
  name: string;
  description: string | null;
  /**
   * The identity provider's id for the group (SCIM `externalId`: exact, unique in the account by its claim); null or
   * absent on groups SCIM never named.
   */
  externalId?: string | null;
  /** Members in the group (exact: moved in the transaction that adds or removes a membership). */
  memberCount: number;
  /** Numbers and shared contacts shared with the group (exact, likewise). */
  sharedItemCount: number;
  createdAt: string;
  updatedAt: string;
  /** The group's own fields (name, description); membership and share changes move the counts, not the version. */
  version: number;
}

/** Member `userId` belongs to group `groupId`. */
export interface GroupMembership {
  accountId: string;
  groupId: string;
  userId: string;
  /** The member's username when added (usernames never change while a member is not closed): the listing's order. */
  username: string;
  addedAt: string;
}

export interface GroupPatch {
  name?: string;
  description?: string | null;
}

/** The key a group name is unique under within its account: case-insensitive (and Unicode-normalised). */
export const groupNameKey = (name: string): string => name.normalize('NFC').toLowerCase();

/** Creating, renaming and deleting groups: account managers, and admins with manageUsers. */
export function assertMayChangeGroups(caller: MemberCaller): void {
  if (isAccountManager(caller) || (isAdmin(caller) && caller.membership.capabilities.manageUsers)) return;
  throw new ForbiddenError('Only account managers and admins with manageUsers may create, rename or delete groups');
}

/**
 * Listing and reading the account's groups and their members: account managers and every admin (a group belongs to
 * the account). Regular members read the groups they belong to through `GET …/users/{me}/groups`.
 */
export function assertMaySeeGroups(caller: MemberCaller): void {
  if (isAccountManager(caller) || isAdmin(caller)) return;
  throw new ForbiddenError('Only account managers and admins list groups; members read their own groups');
}
