/**
 * What SCIM's `/Groups` needs beyond the group store: the externalId claim, the name and externalId lookups, the
 * account's groups with an exact total, a group's whole member list, and member changes in bulk (entities/group.ts).
 */
import type { AuditEvent } from '#domain/audit.ts';
import type { Group, GroupMembership } from '#domain/group.ts';
import type { GroupStore } from './groups.ts';

/** The group's own record, written with the first transaction of a change. */
export type GroupRecordWrite =
  /** A new group with its name claim, its externalId claim (when it has one) and its event. */
  | { kind: 'create'; group: Group; event: AuditEvent }
  /**
   * New name / externalId (version + 1) if the stored version is still `previous.version`: the name claim and the
   * externalId claim move when they changed.
   */
  | { kind: 'update'; group: Group; previous: Group; event: AuditEvent };

export interface GroupChange {
  accountId: string;
  groupId: string;
  record?: GroupRecordWrite;
  /** Memberships to add, each with its `group.member_added` event. */
  add: { membership: GroupMembership; event: AuditEvent }[];
  /** Members to take out, each with its `group.member_removed` event. */
  remove: { userId: string; event: AuditEvent }[];
}

export interface ScimGroupStore {
  /**
   * Writes a change in transactions of at most 100 items, the record (and its claims) in the first, every one moving
   * the group's memberCount by exactly what it adds and removes. Chunks are idempotent: a membership that already
   * exists (add) or is already gone (remove) is dropped from its chunk and the chunk written again, so a change
   * applied twice, or racing with another, counts each member once. Not atomic beyond one transaction: an error in a
   * later chunk leaves the earlier ones written. Errors: GroupNameTakenError, GroupExternalIdTakenError,
   * PreconditionFailedError (the version), NotFoundError (no such group), MemberClosedError (a member closed
   * meanwhile), ConflictError (conflicts that kept on). Returns what was applied.
   */
  write(change: GroupChange): Promise<{ added: number; removed: number }>;
  /** The id of the group holding this name's claim (case-insensitive), one consistent GetItem. */
  idByName(accountId: string, name: string): Promise<string | null>;
  /** The id of the group holding this externalId's claim (exact), one consistent GetItem. */
  idByExternalId(accountId: string, externalId: string): Promise<string | null>;
  /**
   * The account's groups by name (case-insensitive, then id: a stable order), all pages of one Query: the exact
   * total and the groups from `startIndex` (1-based), at most `count`.
   */
  window(accountId: string, startIndex: number, count: number): Promise<{ total: number; groups: Group[] }>;
  /** Every membership of a group (every page of its members listing, by username). */
  members(accountId: string, groupId: string): Promise<GroupMembership[]>;
  /** Those of `userIds` that are in the group (consistent BatchGetItem of the memberships). */
  membersAmong(accountId: string, groupId: string, userIds: string[]): Promise<string[]>;
}

/** The group store calls SCIM's group operations use besides their own. */
export type ScimGroupReads = Pick<GroupStore, 'get' | 'getMany' | 'groupIdsOf' | 'memberOf' | 'delete'>;
