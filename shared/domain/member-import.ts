/**
 * Bulk import of members from a CSV file: the import record, its per-row results and the limits of a file. The
 * file is read by header name (any order, case-insensitive); rows are validated and written by a queue-driven worker.
 */
import { createHash } from 'node:crypto';

// the file's columns, limits and row problems are the member file's (member-csv.ts): one definition, named here too
export { IMPORT_COLUMNS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './member-csv.ts';
export type { ImportColumn, RowProblem } from './member-csv.ts';
import type { RowProblem } from './member-csv.ts';

/** The same file content uploaded to the same account within this time returns the existing import. */
export const IMPORT_DEDUPE_SECONDS = 24 * 60 * 60;
/** An import, its file and its row results are kept this long after the upload. */
export const IMPORT_RETENTION_DAYS = 30;

export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export type RowStatus = 'created' | 'skipped' | 'failed';
export const ROW_STATUSES: readonly RowStatus[] = ['created', 'skipped', 'failed'];
/** An import in one of these states changes no more. */
export const FINISHED_IMPORT_STATUSES: readonly ImportStatus[] = ['completed', 'failed', 'cancelled'];

/** What happened to one data record of the file. `line` is the file line the record starts on (header: line 1). */
export interface ImportRowResult {
  line: number;
  status: RowStatus;
  userId?: string;
  errors?: RowProblem[];
  warnings?: RowProblem[];
}

/**
 * One upload and its progress. `processed` is also the worker's checkpoint: the number of data records (by 0-based
 * record index) fully handled. `updated` is always 0: an import never changes an existing member (an existing
 * username or email makes the row `skipped`).
 */
export interface MemberImport {
  id: string;
  accountId: string;
  status: ImportStatus;
  dryRun: boolean;
  createGroups: boolean;
  total: number;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  startedBy: { userId: string };
  fileSha256: string;
  fileBytes: number;
  chunks: number;
  cancelRequested: boolean;
  version: number;
  /** When the worker last moved it on (its start, then each checkpoint); absent on imports recorded before it was kept. */
  progressAt?: string | null;
}

/** A running import that made no progress for longer than this is stalled: a cancel finishes it at once. */
export const STALLED_IMPORT_MS = 60 * 60 * 1000;

/** A running import whose worker moved it on last more than STALLED_IMPORT_MS ago (parked, dead-lettered). */
export const isStalledImport = (i: MemberImport, now: Date): boolean =>
  i.status === 'running' && now.getTime() - Date.parse(i.progressAt ?? i.startedAt ?? i.createdAt) > STALLED_IMPORT_MS;

/** The queue message that makes the worker run (or resume) one import. */
export interface ImportMessage {
  accountId: string;
  importId: string;
}

export const isFinishedImport = (i: Pick<MemberImport, 'status'>): boolean =>
  FINISHED_IMPORT_STATUSES.includes(i.status);

/** A cancelled or failed import lets go of its file: the same upload again is a new import, not this one. */
export const releasesItsFile = (i: Pick<MemberImport, 'status'>): boolean =>
  i.status === 'cancelled' || i.status === 'failed';

/** When an import (its file and rows too) is purged: `IMPORT_RETENTION_DAYS` after its upload. */
export const importPurgeAt = (createdAt: string): string =>
  new Date(Date.parse(createdAt) + IMPORT_RETENTION_DAYS * 86_400_000).toISOString();

/** A new import as the upload records it: queued, nothing processed yet. */
export function newImport(input: {
  id: string;
  accountId: string;
  dryRun: boolean;
  createGroups: boolean;
  total: number;
  createdAt: string;
  startedBy: { userId: string };
  fileSha256: string;
  fileBytes: number;
  chunks: number;
}): MemberImport {
  return {
    ...input,
    status: 'queued',
    processed: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    startedAt: null,
    finishedAt: null,
    cancelRequested: false,
    version: 1,
    progressAt: null,
  };
}

/** The digest that tells one file from another (hex SHA-256 of its bytes, BOM and line ends included). */
export const fileDigest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
