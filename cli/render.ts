/** What the CLI prints, as pure functions of what the API answered: progress, the summary, the failed rows. */
import type { ImportRowResult, MemberImport } from '../shared/domain/member-import.ts';

/** The API's own types (type-only: nothing of the server is bundled into the CLI). */
export type { ImportStatus, RowProblem } from '../shared/domain/member-import.ts';

/** `GET …/imports/{id}`, the fields the CLI reads. */
export type ImportView = Pick<
  MemberImport,
  | 'id'
  | 'status'
  | 'dryRun'
  | 'total'
  | 'processed'
  | 'created'
  | 'updated'
  | 'skipped'
  | 'failed'
  | 'startedAt'
  | 'finishedAt'
>;

/** One item of `GET …/imports/{id}/rows`. */
export type ImportRow = ImportRowResult;

export const isFinished = (status: string): boolean =>
  status === 'completed' || status === 'failed' || status === 'cancelled';

/** 0 when every row went in (or would, on a dry run); 1 when a row failed or the import did not complete. */
export const exitCodeFor = (view: ImportView): 0 | 1 => (view.status === 'completed' && view.failed === 0 ? 0 : 1);

/** Text from the server or the file, made safe for a terminal: no control characters (escape sequences). */
/**
 * Text from the server or the file as one terminal-safe line: control characters (escape sequences that could set the
 * clipboard, the title or links), bidirectional overrides and line/paragraph separators become spaces.
 */
export const printable = (text: string): string =>
  String(text).replace(/[\p{Cc}\u202A-\u202E\u2066-\u2069\u2028\u2029\u200E\u200F\u061C]/gu, ' ');

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`;
}

/** The import's own duration (startedAt → finishedAt) when the API has both, otherwise what the CLI measured. */
export function durationOf(view: ImportView, measuredMs: number): number {
  const started = view.startedAt ? Date.parse(view.startedAt) : NaN;
  const finished = view.finishedAt ? Date.parse(view.finishedAt) : NaN;
  return Number.isFinite(started) && Number.isFinite(finished) && finished >= started ? finished - started : measuredMs;
}

/** Rows per second over the last `windowMs` of samples, and the time left at that rate. */
export class RateMeter {
  private samples: { at: number; processed: number }[] = [];
  constructor(private readonly windowMs = 10_000) {}

  observe(processed: number, at: number, total: number): { rate: number | null; etaMs: number | null } {
    this.samples.push({ at, processed });
    while (this.samples.length > 2 && at - this.samples[1].at >= this.windowMs) this.samples.shift();
    const first = this.samples[0];
    const elapsed = at - first.at;
    if (elapsed < 500 || processed <= first.processed) return { rate: null, etaMs: null };
    const rate = ((processed - first.processed) * 1000) / elapsed;
    return { rate, etaMs: ((total - processed) * 1000) / rate };
  }
}

export const formatRate = (rate: number | null): string => (rate === null ? '—' : rate.toFixed(rate < 10 ? 1 : 0));
export const formatEta = (etaMs: number | null): string => (etaMs === null ? '—' : formatDuration(etaMs));

/** One line of progress for output that is not a terminal (a CI log, a file). */
export function progressLine(view: ImportView, rate: number | null, etaMs: number | null): string {
  const percent = view.total > 0 ? Math.floor((view.processed / view.total) * 100) : 0;
  const tail = isFinished(view.status) ? '' : `, ${formatRate(rate)} rows/s, ETA ${formatEta(etaMs)}`;
  return `${printable(view.status)}: ${Number(view.processed)}/${Number(view.total)} rows (${percent}%)${tail}\n`;
}

/** The summary table: status, then total, created, skipped, failed and duration, numbers aligned. */
export function renderSummary(view: ImportView, durationMs: number): string {
  const heading =
    `\n${view.dryRun ? 'Dry run' : 'Import'} ${printable(view.id)} ${view.status}` +
    (view.dryRun ? ' (nothing was written; "created" counts the rows that would be)' : '');
  const rate =
    durationMs > 0 && view.processed > 0 ? ` (${formatRate((view.processed * 1000) / durationMs)} rows/s)` : '';
  const rows: [string, string][] = [
    ['total', String(view.total)],
    ['created', String(view.created)],
    ['skipped', String(view.skipped)],
    ['failed', String(view.failed)],
  ];
  if (view.processed < view.total) rows.push(['not processed', String(view.total - view.processed)]);
  const labelWidth = Math.max(...rows.map(([label]) => label.length), 'duration'.length);
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(labelWidth)}  ${value.padStart(valueWidth)}`);
  lines.push(`  ${'duration'.padEnd(labelWidth)}  ${formatDuration(durationMs)}${rate}`);
  return `${heading}\n\n${lines.join('\n')}\n`;
}

/** The failed rows as a table: line, column, code and reason; a row with several problems takes several lines. */
export function renderFailedRows(rows: ImportRow[]): string {
  if (rows.length === 0) return '';
  const cells: [string, string, string, string][] = [];
  for (const row of rows) {
    const problems = row.errors?.length ? row.errors : [{ column: null, code: 'failed', message: '' }];
    problems.forEach((p, i) => {
      cells.push([
        i === 0 ? `line ${row.line}` : '',
        printable(p.column ?? '—'),
        printable(p.code),
        printable(p.message),
      ]);
    });
  }
  const header: [string, string, string, string] = ['', 'column', 'code', 'reason'];
  const widths = [0, 1, 2].map((i) => Math.max(header[i].length, ...cells.map((c) => c[i].length)));
  const line = ([line, column, code, reason]: string[]) =>
    `  ${line.padEnd(widths[0])}  ${column.padEnd(widths[1])}  ${code.padEnd(widths[2])}  ${reason}`.trimEnd();
  return `\nFailed rows (${rows.length})\n${[header, ...cells].map(line).join('\n')}\n`;
}
