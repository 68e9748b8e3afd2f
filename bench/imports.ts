/**
 * Bulk import at scale on the local stack: a member file of 1,000 and one of 10,000 rows, each uploaded through the
 * API and run by the import worker in a process of its own (bench/import-worker.ts, the account's queue delivery held
 * so the stack's in-process worker stays out of it). Measures wall time, rows per second, DynamoDB round trips per
 * row (goal ≤ 0.1) and the worker's peak memory, which should not grow with the file (goal: 10,000 rows within 1.2×
 * of 1,000).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../test/support/stack-process.ts';
import type { StackInfo } from '../test/support/stack-info.ts';
import { client, signedInOwner } from './client.ts';
import type { WorkerRun } from './import-worker.ts';
import { progress, root } from './util.ts';

export const ROUND_TRIP_GOAL = 0.1;
export const MEMORY_GOAL = 1.2;

export interface ImportRun {
  rows: number;
  status: string;
  counts: { created: number; skipped: number; failed: number };
  /** Upload (202) to the worker's last return, as the user waits for it. */
  endToEndMs: number;
  /** The worker's own time, over all its runs (it enqueues itself again before its Lambda timeout). */
  workerMs: number;
  rowsPerSecond: number;
  invocations: number;
  uploadMs: number;
  /** DynamoDB round trips of the worker, by SDK command name. */
  commands: Record<string, number>;
  roundTrips: number;
  roundTripsPerRow: number;
  /** Bytes: memory when the handler started, and the peak while it ran (sampled), over all runs. */
  before: { rss: number; heapUsed: number };
  peak: { rss: number; heapUsed: number };
  maxRss: number;
}

export interface ImportsResult {
  stackReadyMs: number;
  runs: ImportRun[];
  roundTripVerdict: 'pass' | 'MISS';
  /** Peak RSS and heap of the largest file over the smallest's. */
  memoryRatio: { rss: number; heapUsed: number } | null;
  memoryVerdict: 'pass' | 'MISS' | '—';
}

const tag = randomBytes(2).toString('hex');

/** Plain person rows (no invitation mail: mails are paced, which would measure the pacing, not the import). */
export function memberFile(rows: number, prefix: string): string {
  const lines = ['username,email,firstName,lastName,sendInvitation'];
  for (let i = 0; i < rows; i++) {
    const username = `${prefix}${i.toString(36)}`;
    lines.push(`${username},${username}@example.com,Bench,Member ${i},false`);
  }
  return `${lines.join('\n')}\n`;
}

/** One run of bench/import-worker.ts; resolves with what it measured. */
function runWorker(
  stack: StackInfo,
  accountId: string,
  importId: string,
  scratch: string,
): Promise<WorkerRun & { log: string }> {
  const port = (url: string) => new URL(url).port;
  const resultFile = join(scratch, `${importId}-${Date.now()}.json`);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/import-worker.ts', accountId, importId, resultFile],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: port(stack.baseUrl),
        DYNAMODB_PORT: port(stack.dynamodbEndpoint),
        COGNITO_PORT: port(stack.cognitoEndpoint),
        MAILBOX_PORT: port(stack.mailboxUrl),
        DATA_DIR: stack.dataDir,
        APP_URL: stack.appUrl,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // the worker's log (warnings and errors), for the message when a run goes wrong
  let log = '';
  const keep = (d: Buffer) => {
    log = (log + d).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      if (code !== 0) return fail(new Error(`import worker exited ${code ?? signal}:\n${log}`));
      done({ ...(JSON.parse(readFileSync(resultFile, 'utf8')) as WorkerRun), log });
    });
  });
}

async function importOnce(
  stack: StackInfo,
  account: { accountId: string; token: string },
  rows: number,
  scratch: string,
) {
  const file = memberFile(rows, `b${tag}${rows.toString(36)}x`);
  const imports = `/v1/accounts/${account.accountId}/imports`;
  const started = performance.now();
  const uploaded = await fetch(`${stack.baseUrl}${imports}?dryRun=false&createGroups=false`, {
    method: 'POST',
    headers: { authorization: `Bearer ${account.token}`, 'content-type': 'text/csv' },
    body: file,
  });
  const uploadMs = performance.now() - started;
  const answer = (await uploaded.json()) as { id: string; total: number };
  if (uploaded.status !== 202)
    throw new Error(`upload of ${rows} rows answered ${uploaded.status}: ${JSON.stringify(answer)}`);
  progress(`imports: ${rows} rows uploaded in ${uploadMs.toFixed(0)} ms as ${answer.id}; running the worker`);

  const call = client(stack);
  const workerRuns: WorkerRun[] = [];
  let view: { status: string; processed: number; total: number; created: number; skipped: number; failed: number };
  let processed = -1;
  for (;;) {
    const run = await runWorker(stack, account.accountId, answer.id, scratch);
    workerRuns.push(run);
    view = (await call('GET', `${imports}/${answer.id}`, { token: account.token })).body;
    progress(
      `imports: ${rows} rows: worker run ${workerRuns.length} ended at ${view.processed}/${view.total} (${view.status})`,
    );
    if (['completed', 'failed', 'cancelled'].includes(view.status)) break;
    // a run hands the import back only after some batches: one that moved nothing will not finish it
    if (view.processed === processed || run.failedDeliveries > 0)
      throw new Error(
        `import ${answer.id} is stuck at ${view.processed}/${view.total} (${view.status}` +
          `${run.failedDeliveries ? ', the delivery failed' : ''}); the worker's log:\n${run.log}`,
      );
    processed = view.processed;
  }
  const endToEndMs = performance.now() - started;
  const commands: Record<string, number> = {};
  for (const c of workerRuns.flatMap((r) => r.dynamodbCommands)) {
    const name = c.replace(/Command$/, '');
    commands[name] = (commands[name] ?? 0) + 1;
  }
  const roundTrips = Object.values(commands).reduce((a, b) => a + b, 0);
  const workerMs = workerRuns.reduce((a, r) => a + r.wallMs, 0);
  const max = (pick: (r: WorkerRun) => number) => Math.max(...workerRuns.map(pick));
  const run: ImportRun = {
    rows,
    status: view.status,
    counts: { created: view.created, skipped: view.skipped, failed: view.failed },
    endToEndMs,
    workerMs,
    rowsPerSecond: (rows * 1000) / workerMs,
    invocations: workerRuns.length,
    uploadMs,
    commands,
    roundTrips,
    roundTripsPerRow: roundTrips / rows,
    before: workerRuns[0].before,
    peak: { rss: max((r) => r.peak.rss), heapUsed: max((r) => r.peak.heapUsed) },
    maxRss: max((r) => r.maxRss),
  };
  if (view.status !== 'completed' || view.created !== rows)
    progress(`imports: WARNING ${rows} rows ended ${view.status} with ${JSON.stringify(run.counts)}`);
  return run;
}

export async function benchImports(options: { sizes: number[] }): Promise<ImportsResult> {
  progress('imports: starting a local stack of its own');
  const readyStart = performance.now();
  const running = await startStack({ timeoutMs: 180_000 });
  const stackReadyMs = performance.now() - readyStart;
  const scratch = mkdtempSync(join(tmpdir(), 'switchboard-bench-imports-'));
  try {
    const stack = running.info;
    const call = client(stack);
    const account = await signedInOwner(stack, call, `imports.${tag}`, 'Bench Imports');
    // the stack's own worker must not take these imports: the measured one in its own process does
    await call('POST', '/__test/queue/hold', { body: { accountId: account.accountId } });
    const runs: ImportRun[] = [];
    for (const rows of options.sizes) runs.push(await importOnce(stack, account, rows, scratch));
    const smallest = runs[0];
    const largest = runs[runs.length - 1];
    const memoryRatio =
      runs.length > 1
        ? { rss: largest.peak.rss / smallest.peak.rss, heapUsed: largest.peak.heapUsed / smallest.peak.heapUsed }
        : null;
    return {
      stackReadyMs,
      runs,
      roundTripVerdict: runs.every((r) => r.roundTripsPerRow <= ROUND_TRIP_GOAL) ? 'pass' : 'MISS',
      memoryRatio,
      memoryVerdict: memoryRatio ? (memoryRatio.rss <= MEMORY_GOAL ? 'pass' : 'MISS') : '—',
    };
  } finally {
    progress('imports: stopping the local stack');
    await running.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
