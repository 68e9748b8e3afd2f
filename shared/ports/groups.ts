/** Groups of an account and their memberships (entities/group.ts). */
import type { AuditEvent } from '#domain/audit.ts';
import type { Group, GroupMembership } from '#domain/group.ts';
import type { Page, PageRequest } from './paging.ts';

export interface GroupStore {
  /** The group with its name claim and the event, in one transaction. GroupNameTakenError. */
  create(group: Group, event: AuditEvent): Promise<void>;
  get(accountId: string, groupId: string): Promise<Group | null>;
  /** Several groups at once (BatchGetItem); missing ones are left out. */
  getMany(accountId: string, groupIds: string[]): Promise<Group[]>;
  /** The account's groups by name (case-insensitive order). */
  list(accountId: string, page: PageRequest): Promise<Page<Group>>;
  /**
   * Writes name and description (never the counts) if the version is still `expectedVersion`, moving the name claim
   * when the name changed: PreconditionFailedError, GroupNameTakenError.
   */
  update(group: Group, expectedVersion: number, previousName: string, event: AuditEvent): Promise<void>;
  /**
   * Deletes the group and its name (and externalId) claims if its version is still `expectedVersion` and it has no members and no
   * shared items: NotFoundError, PreconditionFailedError, GroupNotEmptyError.
   */
  delete(group: Group, expectedVersion: number, event: AuditEvent): Promise<void>;
  /**
   * Adds the membership unless it exists (then the stored one and `added: false`, counting nothing): one transaction
   * of the membership, the group's memberCount + 1 (the group must exist: NotFoundError), the member not closed
   * (MemberClosedError) and the event.
   */
  addMember(membership: GroupMembership, event: AuditEvent): Promise<{ membership: GroupMembership; added: boolean }>;
  /** Removes the membership and moves memberCount − 1 in one transaction; false when there was none. */
  removeMember(accountId: string, groupId: string, userId: string, event: AuditEvent): Promise<boolean>;
  /** A group's members by username. */
  listMembers(accountId: string, groupId: string, page: PageRequest): Promise<Page<GroupMembership>>;
  /** The ids of every group a member is in (their memberships, every page). */
  groupIdsOf(accountId: string, userId: string): Promise<string[]>;
  /** Those of `groupIds` the member is in (one BatchGetItem of the memberships). */
  memberOf(accountId: string, userId: string, groupIds: string[]): Promise<string[]>;
  /** A member's memberships, in the order the groups were created (group ids are ULIDs). */
  listMemberships(accountId: string, userId: string, page: PageRequest): Promise<Page<GroupMembership>>;
}
