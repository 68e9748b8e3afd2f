/**
 * Bulk imports of members. Two sides: the request side (`ImportStore`: record an upload, read, list, cancel; with
 * `ImportFiles` to read a stored file back) and the worker side (`ImportRunStore`: what the queue-driven worker
 * needs to run an import to its end). `ImportQueue` hands an import to the worker.
 */
import type { AuditEvent } from '#domain/audit.ts';
import type { ImportMessage, ImportRowResult, MemberImport, RowStatus } from '#domain/member-import.ts';
import type { Account } from '#domain/account.ts';
import type { Device } from '#domain/device.ts';
import type { Group, GroupMembership } from '#domain/group.ts';
import type { Invitation } from '#domain/invitation.ts';
import type { OrgUnit } from '#domain/org-unit.ts';
import type { Service } from '#domain/service.ts';
import type { SettingOverrides } from '#domain/settings.ts';
import type { User } from '#domain/user.ts';
import type { DailyMailQuota } from './invitations.ts';
import type { Page, PageRequest } from './paging.ts';

/** What `ImportStore.create` did: recorded this import, or found one of the same file already claimed. */
export type ImportCreation = { created: true; import: MemberImport } | { created: false; import: MemberImport };

/** What a same-file claim is held on: the uploader, the file's digest and the upload's options. */
export interface ImportFileClaim {
  userId: string;
  sha256: string;
  dryRun: boolean;
  createGroups: boolean;
}

export interface ImportStore {
  /**
   * Records an upload: the file (gzipped, in chunks) first, then in one transaction the import and its same-file
   * claim (account, uploader, file digest, dryRun, createGroups; held 24 hours). When a live claim for that file
   * exists, writes no import and answers the claimed one (`created: false`); its chunks are left to expire. A claim
   * naming a cancelled or failed import is taken over (on condition that it still names that import).
   */
  create(input: { import: MemberImport; file: Uint8Array; now: Date }): Promise<ImportCreation>;
  /**
   * The import this uploader recorded for this file and options within the last 24 hours, if any (one consistent
   * read + one); it may be cancelled or failed (then a new upload takes its claim over).
   */
  findByFile(accountId: string, file: ImportFileClaim, now: Date): Promise<MemberImport | null>;
  /** One import, read consistently; null when the account has none with this id. */
  get(accountId: string, importId: string): Promise<MemberImport | null>;
  /** An account's imports, newest first; `startedBy` keeps only those that member started. One Query per page. */
  list(accountId: string, filter: { startedBy?: string }, page: PageRequest): Promise<Page<MemberImport>>;
  /** An import's row results by line, all or of one status. One Query per page. */
  rows(importId: string, filter: { status?: RowStatus }, page: PageRequest): Promise<Page<ImportRowResult>>;
  /**
   * Writes `next` (a cancel: status `cancelled` at once while queued, else `cancelRequested`) and the event, on
   * condition that the stored import still has `expected`'s status and no cancel asked (else ImportChangedError). A
   * stalled running import finished at once (`next` cancelled, `expected` running) is conditional on its status and
   * checkpoint as read instead: a worker that moved it on meanwhile makes it ImportChangedError.
   */
  cancel(next: MemberImport, expected: MemberImport, event: AuditEvent): Promise<void>;
}

/** An import's stored file, read back as the uploaded bytes (ungzipped), chunk by chunk. */
export interface ImportFiles {
  open(imp: Pick<MemberImport, 'id' | 'chunks'>): AsyncIterable<Uint8Array>;
}

/** The stored import changed between the read and the write (the worker moved on): read again. */
export class ImportChangedError extends Error {
  constructor() {
    super('The import changed');
    this.name = 'ImportChangedError';
  }
}

/** Hands an import to the worker (SQS in AWS, the local queue inside `npm start`). */
export interface ImportQueue {
  enqueue(message: ImportMessage): Promise<void>;
}

/** What the worker reads once per run: the account, its unit tree and groups, and who started the import. */
export interface ImportDirectory {
  account: Account | null;
  units: OrgUnit[];
  groups: Group[];
  /** The units' own settings overrides by unit id (units without any are absent). */
  unitSettings: Map<string, SettingOverrides>;
  starter: User | null;
}

/** The keys one batch of rows checks against the directory (one BatchGetItem). */
export interface ImportClaimKeys {
  usernames: string[];
  emails: string[];
  extensions: string[];
  /** The UTC day whose mail count to read (quotaDay). */
  day: string;
  /** An invitation's hold on an email lapses when its link expires. */
  now: Date;
}

/** A member the import creates, with everything written with them in the batch's transaction. */
export interface ImportedMember {
  line: number;
  user: User;
  event: AuditEvent;
  /** A person's setup link (pending; its mail goes out after the commit). */
  invitation?: Invitation;
  device?: { device: Device; event: AuditEvent };
  memberships: { membership: GroupMembership; event: AuditEvent }[];
  services: { service: Service; event: AuditEvent }[];
}

/** One transaction of the worker: rows, members, new groups, merged counters and the checkpoint. */
export interface ImportCommit {
  imp: MemberImport;
  /** processed before and after (the condition, the new checkpoint). */
  before: number;
  after: number;
  /** When the checkpoint moves (the import's `progressAt`). */
  at: string;
  rows: ImportRowResult[];
  members: ImportedMember[];
  groups: { group: Group; event: AuditEvent }[];
  /** Each unit entered, once, with its count (condition: its path is still the one the members copy). */
  units: { unitId: string; unitPath: string; count: number }[];
  /** Each existing group joined, once, with its count. */
  groupCounts: { groupId: string; count: number }[];
  /** The day's mail places this transaction takes (absent: none). */
  mails?: { quota: DailyMailQuota; count: number };
}

/** Why a commit wrote nothing: a row's claim taken meanwhile (its line), the import moved, a quota or a tree race. */
export type CommitOutcome =
  | { ok: true }
  | { ok: false; reason: 'claims'; lines: { line: number; column: 'username' | 'email' | 'extension' }[] }
  | { ok: false; reason: 'import' | 'quota' | 'tree' | 'group_name' };

/**
 * The worker side: the import, the directory it decides against, one BatchGetItem of a batch's claims, one
 * TransactWriteItems per batch (the checkpoint moves with the rows: processed must still be `before`, the import
 * running and no cancel asked), the deliveries of the setup mails, and the end.
 */
export interface ImportRunStore {
  /** The import, read consistently. */
  get(accountId: string, importId: string): Promise<MemberImport | null>;
  /** `queued` → `running` with `startedAt` and the `import.started` event; null when it was no longer queued. */
  start(imp: MemberImport, at: string, event: AuditEvent): Promise<MemberImport | null>;
  directory(accountId: string, starterUserId: string): Promise<ImportDirectory>;
  /** Which of the keys are taken, and the day's mail count: ONE BatchGetItem (≤ 100 keys). */
  claims(accountId: string, keys: ImportClaimKeys): Promise<ImportClaims>;
  commit(batch: ImportCommit): Promise<CommitOutcome>;
  /** Records whether the setup mails went out (one transaction per 100; a link replaced meanwhile keeps its own). */
  recordDeliveries(entries: { invitation: Invitation; delivery: Invitation['delivery'] }[]): Promise<void>;
  /** The end: `completed`, `failed` or `cancelled`, with `finishedAt` and its event (condition: not finished). */
  finish(imp: MemberImport, status: 'completed' | 'failed' | 'cancelled', at: string, event: AuditEvent): Promise<void>;
}

/** What a batch's claims read found. */
export interface ImportClaims {
  usernames: Set<string>;
  emails: Set<string>;
  extensions: Set<string>;
  mailsToday: number;
}
