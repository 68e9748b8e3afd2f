/**
 * The bulk import worker: runs one import from its checkpoint to its end (or until its time runs out, then hands
 * the import back to the queue). Owned by the worker; this is the signature its handler calls.
 */
import type { Clock } from '#domain/clock.ts';
import type { ImportMessage } from '#domain/member-import.ts';
import type { IdGenerator } from '#ports/ids.ts';
import type { ImportFiles, ImportQueue } from '#ports/imports.ts';

export interface ImportRunDeps {
  files: ImportFiles;
  queue: ImportQueue;
  clock: Clock;
  ids: IdGenerator;
}

/** How long the invocation has left: the worker stops at a batch boundary with a minute to spare. */
export interface RunBudget {
  remainingMs(): number;
}

export async function runImport(_deps: ImportRunDeps, _message: ImportMessage, _budget: RunBudget): Promise<void> {
  throw new Error('not built yet');
}
