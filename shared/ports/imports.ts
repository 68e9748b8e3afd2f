/**
 * Bulk imports of members. Two sides: the request side (`ImportStore`: record an upload, read, list, cancel; with
 * `ImportFiles` to read a stored file back) and the worker side (`ImportRunStore`: what the queue-driven worker
 * needs to run an import to its end). `ImportQueue` hands an import to the worker.
 */
import type { AuditEvent } from '#domain/audit.ts';
import type { ImportMessage, ImportRowResult, MemberImport, RowStatus } from '#domain/member-import.ts';
import type { Page, PageRequest } from './paging.ts';

/** What `ImportStore.create` did: recorded this import, or found one of the same file already claimed. */
export type ImportCreation = { created: true; import: MemberImport } | { created: false; import: MemberImport };

export interface ImportStore {
  /**
   * Records an upload: the file (gzipped, in chunks) first, then in one transaction the import and its same-file
   * claim (account, file digest, dryRun, createGroups; held 24 hours). When a live claim for that file exists, writes
   * no import and answers the claimed one (`created: false`); its chunks are left to expire.
   */
  create(input: { import: MemberImport; file: Uint8Array; now: Date }): Promise<ImportCreation>;
  /** The import recorded for this file and options within the last 24 hours, if any (one consistent read + one). */
  findByFile(
    accountId: string,
    file: { sha256: string; dryRun: boolean; createGroups: boolean },
    now: Date,
  ): Promise<MemberImport | null>;
  /** One import, read consistently; null when the account has none with this id. */
  get(accountId: string, importId: string): Promise<MemberImport | null>;
  /** An account's imports, newest first; `startedBy` keeps only those that member started. One Query per page. */
  list(accountId: string, filter: { startedBy?: string }, page: PageRequest): Promise<Page<MemberImport>>;
  /** An import's row results by line, all or of one status. One Query per page. */
  rows(importId: string, filter: { status?: RowStatus }, page: PageRequest): Promise<Page<ImportRowResult>>;
  /**
   * Writes `next` (a cancel: status `cancelled` at once while queued, else `cancelRequested`) and the event, on
   * condition that the stored import still has `expected`'s version and status (else ImportChangedError).
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

/**
 * The worker side, implemented by the worker's own adapter. Its shape belongs to the worker: this is the contract it
 * starts from (reading the import and its file, a conditional start, a batch commit that advances the checkpoint,
 * the end), and the worker may refine it.
 */
export interface ImportRunStore {
  /** The import, read consistently. */
  get(accountId: string, importId: string): Promise<MemberImport | null>;
  /** `queued` → `running` with `startedAt` and the `import.started` event (condition: still queued). */
  start(imp: MemberImport, at: string, event: AuditEvent): Promise<MemberImport>;
  /**
   * One batch: its row results, the import's counters and `processed` moved from `before` to `after`, on condition
   * that `processed` is still `before`, the import runs, and no cancel was asked.
   */
  commitBatch(input: {
    imp: MemberImport;
    before: number;
    after: number;
    rows: ImportRowResult[];
    events: AuditEvent[];
  }): Promise<void>;
  /** The end: `completed`, `failed` or `cancelled`, with `finishedAt` and its event. */
  finish(imp: MemberImport, status: 'completed' | 'failed' | 'cancelled', at: string, event: AuditEvent): Promise<void>;
}
