/**
 * Bulk imports of members: the import record in the account's partition (listed newest first by its ULID), the
 * same-file claim that makes a second upload of one file within 24 hours return the first import, the uploaded file
 * (gzip, cut into binary chunks) and one result item per data record, both in the import's own partition.
 */
import {
  IMPORT_DEDUPE_SECONDS,
  type ImportRowResult,
  type MemberImport,
  type RowStatus,
  importPurgeAt,
} from '#domain/member-import.ts';
import {
  type EntityShape,
  type Item,
  type Key,
  type Pattern,
  type QueryPattern,
  TTL,
  epoch,
  indexEntry,
  indexNote,
  show,
  strip,
} from '../entity.ts';
import { accountPartition } from './account.ts';

const IMPORT_PREFIX = 'IMPORT#';
const CHUNK_PREFIX = 'CHUNK#';
const ROW_PREFIX = 'ROW#';

/** The partition of an import's file and row results. */
export const importPartition = (importId: string): string => `${IMPORT_PREFIX}${importId}`;

export const importKey = (accountId: string, importId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `${IMPORT_PREFIX}${importId}`,
});

/**
 * The same-file claim: one per account, uploader, file digest and options, held 24 hours. Put with the import in one
 * transaction, on condition that none is held, the one there has expired (TTL deletion lags), or it names an import
 * that ended cancelled or failed (read just before).
 */
export const importFileClaimKey = (
  accountId: string,
  claim: { userId: string; sha256: string; dryRun: boolean; createGroups: boolean },
): Key => ({
  PK: accountPartition(accountId),
  SK: `IMPORT_FILE#${claim.userId}#${claim.sha256}#${claim.dryRun}#${claim.createGroups}`,
});

/** The n-th chunk (0-based) of an import's gzipped file; 4 digits sort them in order (5 MB gzip: ≤ 18 chunks). */
export const importChunkKey = (importId: string, index: number): Key => ({
  PK: importPartition(importId),
  SK: `${CHUNK_PREFIX}${String(index).padStart(4, '0')}`,
});

/** The result of the record starting on `line`; 7 digits sort rows by line. */
const rowSortKey = (line: number): string => `${ROW_PREFIX}${String(line).padStart(7, '0')}`;
export const importRowKey = (importId: string, line: number): Key => ({
  PK: importPartition(importId),
  SK: rowSortKey(line),
});

/** A chunk holds at most this many bytes of the gzipped file (an item is at most 400 KB). */
export const IMPORT_CHUNK_BYTES = 300 * 1024;

/** An account's imports, newest first (the ULID sorts by time). */
export const importsOfAccount: QueryPattern<[accountId: string]> = {
  name: 'importsOfAccount',
  index: 'table',
  partition: accountPartition,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: IMPORT_PREFIX,
  newestFirst: true,
};
export const IMPORTS_PREFIX = IMPORT_PREFIX;

/** An import's file: its chunks in order, consistent (written just before the import item). */
export const importFile: QueryPattern<[importId: string]> & { prefix: string } = {
  name: 'importFile',
  index: 'table',
  partition: importPartition,
  placeholders: ['<i>'],
  sortKey: 'begins_with',
  sortKeyValue: CHUNK_PREFIX,
  prefix: CHUNK_PREFIX,
  consistent: true,
};

/** An import's row results by line. */
export const importRows: QueryPattern<[importId: string]> & { prefix: string } = {
  name: 'importRows',
  index: 'table',
  partition: importPartition,
  placeholders: ['<i>'],
  sortKey: 'begins_with',
  sortKeyValue: ROW_PREFIX,
  prefix: ROW_PREFIX,
};

/** GSI1: an import's row results of one status, by line (`?status=failed`). */
export const importRowsByStatus: QueryPattern<[importId: string, status: RowStatus]> = {
  name: 'importRowsByStatus',
  index: 'GSI1',
  partition: (importId, status) => `${importPartition(importId)}#${status}`,
  placeholders: ['<i>', '<created|skipped|failed>' as RowStatus],
  // GSI1SK is the row's own `ROW#<line>`: the rows of a status come by line, and a page's cursor resumes at a line
  sortKey: 'begins_with',
  sortKeyValue: ROW_PREFIX,
};

const importFields = [
  'id',
  'accountId',
  'status',
  'dryRun',
  'createGroups',
  'total',
  'processed',
  'created',
  'updated',
  'skipped',
  'failed',
  'createdAt',
  'startedAt',
  'finishedAt',
  'startedBy',
  'fileSha256',
  'fileBytes',
  'chunks',
  'cancelRequested',
  'version',
  'progressAt',
] as const;

/** `startedById` is top level, for the listing of a caller who sees only the imports they started. */
export const importItem = (i: MemberImport): Item => ({
  ...importKey(i.accountId, i.id),
  entity: 'MemberImport',
  ...i,
  startedById: i.startedBy.userId,
  [TTL]: epoch(importPurgeAt(i.createdAt)),
});
export const fromImportItem = (item: Item): MemberImport => strip<MemberImport>(item, importFields);
export const isImportItem = (item: Item): boolean => item.entity === 'MemberImport';
/** The attribute a listing filters on to show a caller only the imports they started. */
export const IMPORT_STARTED_BY_ATTRIBUTE = 'startedById';

/** The claim an import holds on its file. */
export const fileClaimOf = (i: MemberImport) => ({
  userId: i.startedBy.userId,
  sha256: i.fileSha256,
  dryRun: i.dryRun,
  createGroups: i.createGroups,
});

/** The same-file claim, held IMPORT_DEDUPE_SECONDS (`claimExpiresAt` decides; the TTL only tidies). */
export const importFileClaimItem = (i: MemberImport): Item => {
  const expires = epoch(i.createdAt) + IMPORT_DEDUPE_SECONDS;
  return {
    ...importFileClaimKey(i.accountId, fileClaimOf(i)),
    entity: 'ImportFileClaim',
    importId: i.id,
    claimExpiresAt: expires,
    [TTL]: expires,
  };
};
export const claimedImportId = (item: Item, nowEpoch: number): string | null =>
  typeof item.importId === 'string' && Number(item.claimExpiresAt) > nowEpoch ? item.importId : null;

export const importChunkItem = (i: MemberImport, index: number, data: Uint8Array): Item => ({
  ...importChunkKey(i.id, index),
  entity: 'ImportChunk',
  data,
  [TTL]: epoch(importPurgeAt(i.createdAt)),
});
export const chunkData = (item: Item): Uint8Array => item.data as Uint8Array;

/** A row result; kept as long as its import. In GSI1 under its status, for `?status=`. */
export const importRowItem = (i: Pick<MemberImport, 'id' | 'createdAt'>, row: ImportRowResult): Item => ({
  ...importRowKey(i.id, row.line),
  entity: 'ImportRow',
  ...row,
  ...indexEntry(importRowsByStatus, [i.id, row.status], rowSortKey(row.line)),
  [TTL]: epoch(importPurgeAt(i.createdAt)),
});
export const fromImportRowItem = (item: Item): ImportRowResult => ({
  line: Number(item.line),
  status: item.status as RowStatus,
  ...(typeof item.userId === 'string' ? { userId: item.userId } : {}),
  ...(Array.isArray(item.errors) && item.errors.length ? { errors: item.errors as ImportRowResult['errors'] } : {}),
  ...(Array.isArray(item.warnings) && item.warnings.length
    ? { warnings: item.warnings as ImportRowResult['warnings'] }
    : {}),
});

export const memberImportEntities: EntityShape[] = [
  {
    name: 'Member import',
    key: () => importKey('<accountId>', '<importId>'),
    notes: () =>
      'status, dryRun, createGroups, total and counts (`processed` is the worker checkpoint), startedById (top level, ' +
      'for a non-manager listing), file digest and chunk count, cancelRequested, version; TTL = upload + 30 days',
  },
  {
    name: 'Import same-file claim',
    key: () =>
      importFileClaimKey('<accountId>', {
        userId: '<uploader userId>',
        sha256: '<sha256(file)>',
        dryRun: '<dryRun>' as unknown as boolean,
        createGroups: '<cg>' as unknown as boolean,
      }),
    notes: () =>
      'importId, claimExpiresAt (upload + 24 h; an expired claim, or one naming a cancelled or failed import, may be ' +
      'taken over), TTL the same',
  },
  {
    name: 'Import file chunk',
    key: () => ({ PK: importPartition('<importId>'), SK: `${CHUNK_PREFIX}<0000>` }),
    notes: () =>
      `\`data\` (Binary): ≤ ${IMPORT_CHUNK_BYTES / 1024} KB of the gzipped upload, in order; TTL = the import's`,
  },
  {
    name: 'Import row result',
    key: () => ({ PK: importPartition('<importId>'), SK: `${ROW_PREFIX}<line, 7 digits>` }),
    notes: () =>
      `line, status, userId, errors, warnings; ${indexNote(importRowsByStatus, `${ROW_PREFIX}<line>`)}; TTL = the import's`,
  },
];

export const memberImportPatterns: Pattern[] = [
  {
    name: 'startImport',
    summary: 'record an upload: its file, then the import with its same-file claim',
    operation:
      'PutItem of each chunk, in parallel (≤ 18); TransactWriteItems: claim (condition: none held, expired, or ' +
      'naming the cancelled or failed import read), import (condition: new); a lost claim: GetItem of the claim, ' +
      'then the import it names',
    index: 'table',
    keyCondition: () =>
      `${show(importChunkKey('<i>', 0))}…, ${show(importFileClaimKey('<a>', { userId: '<u>', sha256: '<sha>', dryRun: false, createGroups: false }))}, ${show(importKey('<a>', '<i>'))}`,
    roundTrips: '1 read of the claim, the chunks in parallel, 1 transaction (+2 reads on a lost race)',
    cost: '~1 WCU per KB of gzip; 4 WCU',
  },
  {
    name: 'memberImport',
    summary: 'read an import',
    operation: 'GetItem, consistent',
    index: 'table',
    keyCondition: () => show(importKey('<a>', '<i>')),
    roundTrips: '1',
    cost: '1 RCU',
  },
  {
    query: importsOfAccount,
    summary: "one page of an account's imports (a non-manager's: filtered on startedById)",
    roundTrips: '1',
    cost: '~0.5 RCU per 4 KB',
  },
  {
    name: 'cancelImport',
    summary: 'cancel an import: at once while queued, else ask the worker to stop after its batch',
    operation: 'TransactWriteItems: import (condition: status as read, no cancel asked yet), event',
    index: 'table',
    keyCondition: () => show(importKey('<a>', '<i>')),
    roundTrips: '1',
    cost: '~4 WCU',
  },
  {
    query: importFile,
    summary: "an import's file, chunk by chunk (the worker streams it)",
    roundTrips: '1 per 1 MB',
    cost: '~1 RCU per 4 KB of gzip',
  },
  {
    query: importRows,
    summary: "one page of an import's row results, by line",
    roundTrips: '1',
    cost: '~0.5 RCU per 4 KB',
  },
  {
    query: importRowsByStatus,
    summary: "one page of an import's row results of one status, by line",
    roundTrips: '1',
    cost: '~0.5 RCU per 4 KB',
  },
];
