/**
 * Bulk import of members, the request side: upload (checked at once, recorded, handed to the worker), read, list,
 * the rows' results, cancel. Who may: starting one is adding members (account managers, admins with manageUsers);
 * account managers see every import of the account, anyone else only the imports they started (others: 404).
 */
import { auditEvent } from '#domain/audit.ts';
import { isAccountManager, assertMayAddMembers } from '#domain/authorization.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import type { Clock } from '#domain/clock.ts';
import { ConflictError, ImportFileError, ImportFinishedError, NotFoundError } from '#domain/errors.ts';
import {
  fileDigest,
  isFinishedImport,
  isStalledImport,
  type ImportRowResult,
  type MemberImport,
  newImport,
  releasesItsFile,
  type RowStatus,
} from '#domain/member-import.ts';
import type { IdGenerator } from '#ports/ids.ts';
import { ImportChangedError, type ImportQueue, type ImportStore } from '#ports/imports.ts';
import type { MemberCsvReader } from '#ports/member-csv.ts';
import type { Page, PageRequest } from '#ports/paging.ts';

export interface ImportDeps {
  imports: ImportStore;
  queue: ImportQueue;
  /** The CSV reader: its 400/413 errors refuse a file before anything is written. */
  readCsv: MemberCsvReader;
  clock: Clock;
  ids: IdGenerator;
}

export interface StartImportInput {
  file: Uint8Array;
  dryRun: boolean;
  createGroups: boolean;
}

/** The file as the reader takes it: a stream of slices of the bytes already in memory. */
async function* slices(file: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < file.length; at += size) yield file.subarray(at, at + size);
}

/** U+FFFD in UTF-8: what stands where a gateway that decoded the body as text met bytes that were not UTF-8. */
const REPLACEMENT_CHARACTER = new Uint8Array([0xef, 0xbf, 0xbd]);

/**
 * A file that reached us as text may have had its bytes that were not UTF-8 replaced by U+FFFD on the way (API
 * Gateway hands `text/*` bodies to the function as strings). No member file needs that character, so it is refused as
 * not UTF-8, whichever way the bytes came.
 */
function assertNoReplacementCharacter(file: Uint8Array): void {
  if (Buffer.from(file.buffer, file.byteOffset, file.length).indexOf(REPLACEMENT_CHARACTER) !== -1)
    throw new ImportFileError('invalid_encoding', 'file', 'the file is not valid UTF-8 (it holds U+FFFD)');
}

/** The records of the whole file, read once: every header and file check happens here, before anything is written. */
async function countRecords(readCsv: MemberCsvReader, file: Uint8Array): Promise<number> {
  let total = 0;
  for await (const _ of readCsv(slices(file))) total += 1;
  return total;
}

/**
 * An upload. The same file with the same options uploaded to the account by the same member within 24 hours answers
 * that import (`created: false`, 200), unless it ended cancelled or failed, whether found before parsing or by losing
 * the claim's race; a new one is checked whole,
 * recorded (file, import, claim) and queued (202). A queued import found again is queued once more: a message lost
 * between the record and the queue is made good by the retry, and the worker runs an import once whatever it receives.
 */
export async function startImport(
  deps: ImportDeps,
  caller: MemberCaller,
  input: StartImportInput,
): Promise<{ import: MemberImport; created: boolean }> {
  assertMayAddMembers(caller);
  const { accountId, userId } = caller.membership;
  const sha256 = fileDigest(input.file);
  // each uploader has their own claim: another member's upload of the same bytes is theirs to see, not this one
  const options = { userId, sha256, dryRun: input.dryRun, createGroups: input.createGroups };
  const known = await deps.imports.findByFile(accountId, options, deps.clock.now());
  if (known && !releasesItsFile(known)) return again(deps, known);

  assertNoReplacementCharacter(input.file);
  const total = await countRecords(deps.readCsv, input.file);
  const now = deps.clock.now();
  const record = newImport({
    id: deps.ids.next(),
    accountId,
    dryRun: input.dryRun,
    createGroups: input.createGroups,
    total,
    createdAt: now.toISOString(),
    startedBy: { userId },
    fileSha256: sha256,
    fileBytes: input.file.length,
    chunks: 0,
  });
  const outcome = await deps.imports.create({ import: record, file: input.file, now });
  if (!outcome.created) return again(deps, outcome.import);
  await deps.queue.enqueue({ accountId, importId: outcome.import.id });
  return { import: outcome.import, created: true };
}

async function again(deps: Pick<ImportDeps, 'queue'>, existing: MemberImport) {
  if (existing.status === 'queued' && !existing.cancelRequested)
    await deps.queue.enqueue({ accountId: existing.accountId, importId: existing.id });
  return { import: existing, created: false };
}

/** The import, if the caller may see it: account managers any of the account's, anyone else only their own. */
async function visibleImport(
  deps: Pick<ImportDeps, 'imports'>,
  caller: MemberCaller,
  importId: string,
): Promise<MemberImport> {
  const found = await deps.imports.get(caller.membership.accountId, importId);
  if (!found || !(isAccountManager(caller) || found.startedBy.userId === caller.membership.userId))
    throw new NotFoundError('No such import');
  return found;
}

export const getImport = (deps: Pick<ImportDeps, 'imports'>, caller: MemberCaller, importId: string) =>
  visibleImport(deps, caller, importId);

export function listImports(
  deps: Pick<ImportDeps, 'imports'>,
  caller: MemberCaller,
  page: PageRequest,
): Promise<Page<MemberImport>> {
  const filter = isAccountManager(caller) ? {} : { startedBy: caller.membership.userId };
  return deps.imports.list(caller.membership.accountId, filter, page);
}

export async function listImportRows(
  deps: Pick<ImportDeps, 'imports'>,
  caller: MemberCaller,
  importId: string,
  filter: { status?: RowStatus },
  page: PageRequest,
): Promise<Page<ImportRowResult>> {
  const found = await visibleImport(deps, caller, importId);
  return deps.imports.rows(found.id, filter, page);
}

/** Read-and-write attempts of a cancel racing the worker (which moves the import on with every batch). */
const CANCEL_ATTEMPTS = 4;

/**
 * A queued import is cancelled at once (`import.cancelled`); a running one is asked to stop (`cancelRequested`,
 * `import.cancel_requested`): the worker's next batch sees it, stops after the rows in flight and records
 * `import.cancelled`. A finished import: 409 `import_finished`. Asking twice changes nothing more.
 */
export async function cancelImport(
  deps: Pick<ImportDeps, 'imports' | 'clock' | 'ids'>,
  caller: MemberCaller,
  importId: string,
): Promise<MemberImport> {
  for (let attempt = 1; ; attempt++) {
    const current = await visibleImport(deps, caller, importId);
    if (isFinishedImport(current)) throw new ImportFinishedError();
    const now = deps.clock.now();
    // a running import whose worker moved nothing on for over an hour (parked in the dead-letter queue) ends now
    const stalled = isStalledImport(current, now);
    if (current.cancelRequested && !stalled) return current;
    const at = now.toISOString();
    const atOnce = current.status === 'queued' || stalled;
    const next: MemberImport = {
      ...current,
      cancelRequested: true,
      version: current.version + 1,
      ...(atOnce ? { status: 'cancelled', finishedAt: at } : {}),
    };
    const event = auditEvent(deps.ids, {
      accountId: current.accountId,
      type: atOnce ? 'import.cancelled' : 'import.cancel_requested',
      at,
      actor: actorOf(caller),
      target: {},
      details: {
        importId: current.id,
        dryRun: current.dryRun,
        total: current.total,
        processed: current.processed,
        created: current.created,
        skipped: current.skipped,
        failed: current.failed,
        ...(stalled ? { stalled: true } : {}),
      },
    });
    try {
      await deps.imports.cancel(next, current, event);
      return next;
    } catch (err) {
      if (!(err instanceof ImportChangedError)) throw err;
      if (attempt >= CANCEL_ATTEMPTS) throw new ConflictError('The import kept changing; try again', { cause: err });
    }
  }
}
