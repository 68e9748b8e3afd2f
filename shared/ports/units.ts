/** The organisation tree and the settings its units override. */
import type { Account } from '#domain/account.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { OrgUnit, PendingMove, TreeState } from '#domain/org-unit.ts';
import type { PathRewrite } from '#domain/org-unit-move.ts';
import type { SettingOverrides } from '#domain/settings.ts';

/**
 * Every structural write (create, move, delete) fails with TreeChangedError when what it was planned from
 * changed meanwhile (tree revision, a parent's path, a pending move appeared): the use case reads again.
 */
/** Where an admin's scope was checked: the tree's move under way then (its id, or null for none). */
export interface ScopedAt {
  moveId: string | null;
}

export interface UnitStore {
  /** How many descendant rewrites fit in a move's first transaction, and in each later one. */
  readonly limits: { inlineRewrites: number; rewritesPerChunk: number; memberRewritesPerChunk: number };
  /** The tree state and every unit of the account, as stored (one Query). */
  snapshot(accountId: string): Promise<{ tree: TreeState; units: OrgUnit[] }>;
  /** One unit and the tree state (one BatchGetItem). */
  getWithTree(accountId: string, unitId: string): Promise<{ unit: OrgUnit | null; tree: TreeState }>;
  /** The unit, its parent's child count (parent's path as read), the tree's unit count (< 1,000, no pending move). */
  create(unit: OrgUnit, parent: OrgUnit, event: AuditEvent): Promise<void>;
  /**
   * A rename: PreconditionFailedError when the unit's version is not `expectedVersion` (a finished move of it adds to
   * its version); `scoped` (an admin's scope was checked on the unit's place, with the tree's move state as read):
   * TreeChangedError when a move started or finished since.
   */
  rename(unit: OrgUnit, expectedVersion: number, event: AuditEvent, scoped?: ScopedAt): Promise<void>;
  /**
   * A move's first transaction: the tree (revision as planned; sets `marker` when given), the moved unit, both
   * parents' child counts, the `inline` descendant rewrites and the events.
   */
  move(input: {
    unit: OrgUnit;
    expectedVersion: number;
    fromPath: string;
    fromParentId: string;
    to: OrgUnit;
    revision: number;
    inline: PathRewrite[];
    marker: PendingMove | null;
    events: AuditEvent[];
    at: string;
  }): Promise<void>;
  /** One chunk of a pending move's rewrites, only while that move's marker is still the tree's. */
  rewritePaths(accountId: string, moveId: string, rewrites: PathRewrite[], at: string): Promise<void>;
  /** Members whose unit path copy lies under `pathPrefix` (the members-by-path index, a page at a time). */
  membersUnder(
    accountId: string,
    pathPrefix: string,
    start?: Record<string, unknown>,
  ): Promise<{ members: { userId: string; username: string; unitPath: string }[]; next?: Record<string, unknown> }>;
  /** One chunk of member path rewrites, only while that move's marker is still the tree's; members no longer on the old path are skipped. */
  rewriteMemberPaths(
    accountId: string,
    moveId: string,
    rewrites: { userId: string; username: string; fromPath: string; toPath: string }[],
    at: string,
  ): Promise<void>;
  /** Removes the marker (a no-op when it is already gone). */
  finishMove(accountId: string, moveId: string): Promise<void>;
  /** The unit (version, still empty), its settings, the parent's child count, the tree's unit count, the event. */
  delete(unit: OrgUnit, expectedVersion: number, event: AuditEvent): Promise<void>;
}

/** What completing a pending move needs (a member placement that finds one abandoned completes it too). */
export type MoveRepairStore = Pick<
  UnitStore,
  'limits' | 'snapshot' | 'rewritePaths' | 'membersUnder' | 'rewriteMemberPaths' | 'finishMove'
>;

/** A unit's stored overrides; version 0 while the unit has never had settings. */
export interface StoredUnitSettings {
  overrides: SettingOverrides;
  version: number;
}

export interface SettingsStore {
  /** The account (its settings and mfaRequired) and these units' stored settings, in one BatchGetItem. */
  readLayers(
    accountId: string,
    unitIds: string[],
  ): Promise<{ account: Account | null; units: Map<string, StoredUnitSettings> }>;
  /** PreconditionFailedError on a version mismatch; NotFoundError when the unit is gone. */
  /** `mfaOverrideDelta` moves the account's count of MFA overrides (+1 when this unit starts overriding mfaRequired). */
  /**
   * With `scoped` (an admin's scope was checked on the unit at that version, with the tree's move state as read):
   * TreeChangedError when the unit changed (a move of it adds to its version) or a move started or finished since.
   */
  saveUnitSettings(
    accountId: string,
    unitId: string,
    settings: StoredUnitSettings,
    expectedVersion: number,
    event: AuditEvent,
    mfaOverrideDelta?: number,
    scoped?: ScopedAt & { unitVersion: number },
  ): Promise<void>;
}
