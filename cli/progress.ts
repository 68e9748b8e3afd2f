/** Live progress of a running import: a cli-progress bar on a terminal, a plain line now and then elsewhere. */
import cliProgress from 'cli-progress';
import { formatEta, formatRate, isFinished, progressLine, RateMeter, type ImportView } from './render.ts';

export interface Progress {
  update(view: ImportView, at: number): void;
  /** A message between updates (the bar is ended first, and drawn again on the next update). */
  note(message: string): void;
  stop(): void;
}

/** Plain lines, at most one per `everyMs` unless the status changes, and always the last one. */
export function lineProgress(write: (text: string) => void, everyMs = 2_000): Progress {
  const meter = new RateMeter();
  let last: { status: string; processed: number; at: number } | undefined;
  return {
    update(view, at) {
      const { rate, etaMs } = meter.observe(view.processed, at, view.total);
      const changed = !last || last.status !== view.status;
      const due = !!last && view.processed !== last.processed && at - last.at >= everyMs;
      if (!changed && !due && !(isFinished(view.status) && last?.processed !== view.processed)) return;
      write(progressLine(view, rate, etaMs));
      last = { status: view.status, processed: view.processed, at };
    },
    note: (message) => write(message),
    stop() {},
  };
}

/** A bar with the rows done, rows per second and the time left, redrawn in place on `stream` (a TTY). */
export function barProgress(stream: NodeJS.WriteStream): Progress {
  const meter = new RateMeter();
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{state} [{bar}] {percentage}% | {value}/{total} rows | {rowsPerSecond} rows/s | ETA {timeLeft}',
      hideCursor: true,
      barsize: 30,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    update(view, at) {
      const { rate, etaMs } = meter.observe(view.processed, at, view.total);
      const payload = { state: view.status.padEnd(9), rowsPerSecond: formatRate(rate), timeLeft: formatEta(etaMs) };
      if (!running) {
        bar.start(Math.max(view.total, 1), view.processed, payload);
        running = true;
      }
      bar.setTotal(Math.max(view.total, 1));
      bar.update(view.processed, payload);
    },
    note(message) {
      if (running) bar.stop();
      running = false;
      stream.write(message);
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
