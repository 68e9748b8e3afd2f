import { vi } from 'vitest';

/**
 * The lines the logger writes from now on. Powertools writes them to process.stdout and process.stderr through a
 * Console of its own (not the global console.log), so the streams are what is captured; `vi.restoreAllMocks()` or
 * `restore()` ends it.
 */
export function captureLogLines(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  return {
    lines,
    restore: () => {
      out.mockRestore();
      err.mockRestore();
    },
  };
}
