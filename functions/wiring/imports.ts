/** What the import routes run on: the import store, the CSV reader, the queue, the clock and ids. */
import { readMemberCsv } from '#adapters/csv/member-csv-reader.ts';
import { importStore } from '#adapters/dynamodb/import-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { sqsImportQueue } from '#adapters/sqs/import-queue.ts';
import { systemClock } from '#adapters/system-clock.ts';
import type { ImportDeps } from '#use-cases/imports.ts';

export const importAdapters: ImportDeps = {
  imports: importStore,
  queue: sqsImportQueue,
  readCsv: readMemberCsv,
  clock: systemClock,
  ids: ulidIds,
};
