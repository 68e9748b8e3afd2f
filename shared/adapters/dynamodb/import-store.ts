/** Bulk imports (entities/member-import.ts): the request side's store and the reader of a stored file. */
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createGunzip, gzip } from 'node:zlib';
import { GetCommand, PutCommand, QueryCommand } from './document.ts';
import { epochSeconds } from '#domain/clock.ts';
import { ConflictError } from '#domain/errors.ts';
import { importPurgeAt, releasesItsFile, type MemberImport } from '#domain/member-import.ts';
import { systemClock } from '../system-clock.ts';
import { ImportChangedError, type ImportFileClaim, type ImportFiles, type ImportStore } from '#ports/imports.ts';
import { ddb, tableName } from './client.ts';
import { auditEventItem } from './entities/audit-event.ts';
import {
  IMPORT_CHUNK_BYTES,
  IMPORT_STARTED_BY_ATTRIBUTE,
  IMPORTS_PREFIX,
  chunkData,
  claimedImportId,
  fileClaimOf,
  fromImportItem,
  fromImportRowItem,
  importChunkItem,
  importFile,
  importFileClaimItem,
  importFileClaimKey,
  importItem,
  importKey,
  importRows,
  importRowsByStatus,
  importsOfAccount,
} from './entities/member-import.ts';
import type { Item, Key } from './entity.ts';
import { queryInput } from './query.ts';
import { queryPage } from './query-page.ts';
import { put, transact, update } from './transact.ts';

const gzipAsync = promisify(gzip);

const read = async (key: Key): Promise<Item | undefined> =>
  (await ddb.send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

/**
 * Past its TTL an import is gone, though DynamoDB's TTL deletion may come round up to days later: reads and listings
 * leave it out (its `createdAt` + retention is the TTL attribute's value).
 */
const retained = (i: MemberImport): boolean => Date.parse(importPurgeAt(i.createdAt)) > systemClock.now().getTime();

const readImport = async (accountId: string, importId: string): Promise<MemberImport | null> => {
  const item = await read(importKey(accountId, importId));
  const found = item ? fromImportItem(item) : null;
  return found && retained(found) ? found : null;
};

/** The import a live same-file claim names, or null. */
async function claimed(accountId: string, file: ImportFileClaim, now: Date): Promise<MemberImport | null> {
  const claim = await read(importFileClaimKey(accountId, file));
  const importId = claim ? claimedImportId(claim, epochSeconds(now)) : null;
  return importId ? readImport(accountId, importId) : null;
}

/** Taking a claim over: a claim that ended cancelled or failed is tried again this often before giving up (409). */
const TAKEOVERS = 3;

/** The claim was held by another upload of the same file: the transaction wrote nothing. */
class ClaimHeldError extends Error {}

export const importStore: ImportStore = {
  async create({ import: draft, file, now }) {
    const packed = new Uint8Array(await gzipAsync(file));
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < packed.length; at += IMPORT_CHUNK_BYTES)
      pieces.push(packed.subarray(at, at + IMPORT_CHUNK_BYTES));
    const record: MemberImport = { ...draft, chunks: pieces.length };
    // the file first, in parallel: an import item never names chunks that are not there (a lost race leaves them to the TTL)
    await Promise.all(
      pieces.map((piece, index) =>
        ddb.send(new PutCommand({ TableName: tableName(), Item: importChunkItem(record, index, piece) })),
      ),
    );
    // a claim naming a cancelled or failed import is taken over, on condition it still names that import
    let released: string | null = null;
    for (let attempt = 0; attempt <= TAKEOVERS; attempt++) {
      try {
        await transact([
          {
            item: put(
              importFileClaimItem(record),
              `attribute_not_exists(PK) OR claimExpiresAt <= :now${released ? ' OR importId = :released' : ''}`,
              { ':now': epochSeconds(now), ...(released ? { ':released': released } : {}) },
            ),
            onConditionFailed: () => new ClaimHeldError(),
          },
          { item: put(importItem(record), 'attribute_not_exists(PK)') },
        ]);
        return { created: true, import: record };
      } catch (err) {
        if (!(err instanceof ClaimHeldError)) throw err;
      }
      const existing = await claimed(record.accountId, fileClaimOf(record), now);
      // the claim held a moment ago and lives 24 hours: gone now only if it expired in between
      if (!existing) throw new ConflictError('Another upload of this file is being recorded; try again');
      if (!releasesItsFile(existing)) return { created: false, import: existing };
      released = existing.id;
    }
    throw new ConflictError('Another upload of this file is being recorded; try again');
  },

  findByFile: claimed,

  get: readImport,

  async list(accountId, filter, page) {
    const found = await queryPage(
      {
        pattern: importsOfAccount,
        key: [accountId],
        sortKeyPrefix: IMPORTS_PREFIX,
        ...(filter.startedBy ? { filter: { attribute: IMPORT_STARTED_BY_ATTRIBUTE, equals: filter.startedBy } } : {}),
      },
      page,
      fromImportItem,
    );
    // newest first: the imports past their TTL are the listing's tail (a page may come short of them)
    return { ...found, items: found.items.filter(retained) };
  },

  rows(importId, filter, page) {
    return filter.status
      ? queryPage(
          { pattern: importRowsByStatus, key: [importId, filter.status], sortKeyPrefix: importRows.prefix },
          page,
          fromImportRowItem,
        )
      : queryPage({ pattern: importRows, key: [importId], sortKeyPrefix: importRows.prefix }, page, fromImportRowItem);
  },

  async cancel(next, expected, event) {
    const cancelled = next.status === 'cancelled';
    // a stalled running import ends now, on condition that no checkpoint moved it on since it was read
    const stalled = cancelled && expected.status === 'running';
    await transact([
      {
        item: update(
          importKey(next.accountId, next.id),
          `SET cancelRequested = :true, #version = #version + :one${cancelled ? ', #status = :cancelled, finishedAt = :at' : ''}`,
          stalled
            ? '#status = :expected AND #processed = :processed'
            : '#status = :expected AND cancelRequested = :false',
          {
            ':true': true,
            ':one': 1,
            ':expected': expected.status,
            ...(stalled ? { ':processed': expected.processed } : { ':false': false }),
            ...(cancelled ? { ':cancelled': 'cancelled', ':at': next.finishedAt } : {}),
          },
          { '#status': 'status', '#version': 'version', ...(stalled ? { '#processed': 'processed' } : {}) },
        ),
        onConditionFailed: () => new ImportChangedError(),
      },
      { item: put(auditEventItem(event)) },
    ]);
  },
};

/** The stored chunks of an import's gzipped file, in order, a Query page at a time. */
async function* gzipChunks(importId: string): AsyncGenerator<Uint8Array> {
  let start: Item | undefined;
  do {
    const out = await ddb.send(
      new QueryCommand(queryInput(importFile, [importId], { prefix: importFile.prefix, start })),
    );
    for (const item of out.Items ?? []) yield chunkData(item);
    start = out.LastEvaluatedKey;
  } while (start);
}

/** The uploaded bytes again: the chunks streamed through gunzip (memory stays at about one chunk). */
export const importFiles: ImportFiles = {
  async *open(imp) {
    const source = Readable.from(gzipChunks(imp.id));
    const gunzip = createGunzip();
    // a failed read fails the reader too (pipe alone would leave it waiting)
    source.once('error', (err) => gunzip.destroy(err));
    source.pipe(gunzip);
    for await (const bytes of gunzip) yield bytes as Uint8Array;
  },
};
