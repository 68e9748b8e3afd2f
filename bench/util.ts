/** Small helpers shared by the bench modules: progress, statistics, Markdown. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
/** Scratch space for bundles and results; gitignored. */
export const scratch = resolve(root, '.bench');

const benchStart = performance.now();
/** Progress goes to stderr so stdout carries only the Markdown. */
export function progress(message: string): void {
  const s = ((performance.now() - benchStart) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${s}s] ${message}\n`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  // nearest-rank: the smallest sample with at least p% of samples at or below it
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

export const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
export const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
export const ratio = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(2)}×`;
/** Millions of instructions, or — where none were counted. */
export const minstr = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : (n / 1e6).toFixed(1);

/** A GitHub-flavoured Markdown table; columns whose header starts with '>' are right-aligned. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const align = headers.map((h) => (h.startsWith('>') ? '---:' : '---'));
  const names = headers.map((h) => h.replace(/^>/, ''));
  const line = (cells: (string | number)[]) => `| ${cells.map((c) => String(c).replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(names), line(align), ...rows.map(line)].join('\n');
}
