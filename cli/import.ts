/** `switchboard import`: upload a CSV file, follow the import to its end, then print the summary and the failed rows. */
import { createHash } from 'node:crypto';
import { ApiError, type Api } from './api.ts';
import { UsageError } from './config.ts';
import type { Progress } from './progress.ts';
import {
  durationOf,
  exitCodeFor,
  isFinished,
  printable,
  renderFailedRows,
  renderSummary,
  type ImportRow,
  type ImportView,
} from './render.ts';

/** The API's limit on an upload; checked here too, so a too-large file is refused before it is sent. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
const CANCEL_EXIT = 130;

export interface ImportOptions {
  file: string;
  account: string;
  dryRun: boolean;
  createGroups: boolean;
}

export interface ImportDeps {
  api: Api;
  /** The summary and failed rows. */
  out: (text: string) => void;
  /** Messages and plain progress. */
  err: (text: string) => void;
  progress: Progress;
  readFile(path: string): Promise<Uint8Array>;
  sleep(ms: number): Promise<void>;
  now(): number;
  /** Subscribes to Ctrl-C (SIGINT) while the import is followed; returns the unsubscribe. */
  onInterrupt(listener: () => void): () => void;
  /** Ends the process at once (a second Ctrl-C). */
  exitNow(code: number): void;
  pollMs?: number;
}

/**
 * The same file with the same flags is the same request: a retried upload (a lost answer, the command run again)
 * gets the first import back instead of a second one. The API also answers 200 for the same bytes within 24 hours.
 */
export function importIdempotencyKey(bytes: Uint8Array, flags: { dryRun: boolean; createGroups: boolean }): string {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return `switchboard-cli-import-${sha256}-dryRun-${flags.dryRun}-createGroups-${flags.createGroups}`;
}

export function uploadPath(options: ImportOptions): string {
  const query = new URLSearchParams({ dryRun: String(options.dryRun), createGroups: String(options.createGroups) });
  return `/v1/accounts/${options.account}/imports?${query}`;
}

async function readUpload(deps: ImportDeps, file: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await deps.readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (bytes.byteLength === 0) throw new UsageError(`${file} is empty`);
  if (bytes.byteLength > MAX_UPLOAD_BYTES)
    throw new UsageError(`${file} is ${bytes.byteLength} bytes; an import takes at most ${MAX_UPLOAD_BYTES} (5 MB)`);
  return bytes;
}

/** POST the file; a retry while the first attempt with the same key is still being handled waits for it. */
async function upload(deps: ImportDeps, options: ImportOptions, bytes: Uint8Array) {
  const headers = { 'content-type': 'text/csv', 'idempotency-key': importIdempotencyKey(bytes, options) };
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.api.json<ImportView>('POST', uploadPath(options), { headers, body: bytes });
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'idempotency_in_progress' && attempt < 5)) throw error;
      await deps.sleep(1_000 * attempt);
    }
  }
}

/** GET the import; a network failure, 5xx or 429 is tried again a few times before it counts. */
async function readImport(deps: ImportDeps, path: string): Promise<ImportView> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await deps.api.json<ImportView>('GET', path)).body;
    } catch (error) {
      if (!(error instanceof ApiError && error.transient && attempt < 5)) throw error;
      await deps.sleep(1_000 * attempt);
    }
  }
}

async function requestCancel(deps: ImportDeps, path: string): Promise<void> {
  try {
    // 409: it finished meanwhile, which the next read shows
    await deps.api.request('POST', `${path}/cancel`, { ok: (s) => (s >= 200 && s < 300) || s === 409 });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    deps.err(`could not cancel: ${printable(error.message)}; still waiting (Ctrl-C again to quit)\n`);
  }
}

/** Polls until the import finishes. The first Ctrl-C cancels it once and keeps waiting; a second one quits. */
async function follow(deps: ImportDeps, path: string, first: ImportView): Promise<ImportView> {
  const ctrlC = { presses: 0, cancelSent: false };
  const unsubscribe = deps.onInterrupt(() => {
    ctrlC.presses += 1;
    if (ctrlC.presses > 1) deps.exitNow(CANCEL_EXIT);
  });
  try {
    let view = first;
    for (;;) {
      deps.progress.update(view, deps.now());
      if (isFinished(view.status)) return view;
      await deps.sleep(deps.pollMs ?? 500);
      if (ctrlC.presses > 0 && !ctrlC.cancelSent) {
        ctrlC.cancelSent = true;
        deps.progress.note(
          `\nCancelling import ${printable(view.id)}: the rows in flight finish first (Ctrl-C again to quit now)\n`,
        );
        await requestCancel(deps, path);
      }
      view = await readImport(deps, path);
    }
  } finally {
    unsubscribe();
    deps.progress.stop();
  }
}

type RowsPage = { items: ImportRow[]; nextCursor?: string | null };

/** Every failed row, page after page (100 a page, the API's most). */
async function failedRows(deps: ImportDeps, path: string): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ status: 'failed', limit: '100', ...(cursor ? { cursor } : {}) });
    const { body: page }: { body: RowsPage } = await deps.api.json<RowsPage>('GET', `${path}/rows?${query}`);
    rows.push(...page.items);
    cursor = page.nextCursor ?? null;
  } while (cursor);
  return rows.sort((a, b) => a.line - b.line);
}

/** Runs one import; resolves with the exit code (0 all rows in, 1 rows failed or the import did not complete). */
export async function runImport(options: ImportOptions, deps: ImportDeps): Promise<number> {
  const bytes = await readUpload(deps, options.file);
  const started = deps.now();
  const { status, headers, body } = await upload(deps, options, bytes);
  if (typeof body?.id !== 'string' || !body.id) throw new ApiError(status, 'The API answered without an import id');
  const path = `/v1/accounts/${options.account}/imports/${encodeURIComponent(body.id)}`;
  // 200: the same bytes within 24 hours; a replayed answer: the same Idempotency-Key
  const seen = status === 200 || headers.get('idempotent-replayed') === 'true';
  deps.err(
    seen
      ? `This file was already uploaded with these options: following import ${printable(body.id)}\n`
      : `Import ${printable(body.id)} ${options.dryRun ? '(dry run) ' : ''}accepted: ${Number(body.total)} rows\n`,
  );
  // a replayed or existing import's answer may be old (the first answer, kept with the key): read where it is now
  const first = !seen && typeof body.processed === 'number' ? body : await readImport(deps, path);
  const view = await follow(deps, path, first);
  deps.out(renderSummary(view, durationOf(view, deps.now() - started)));
  if (view.failed > 0) deps.out(renderFailedRows(await failedRows(deps, path)));
  return exitCodeFor(view);
}
