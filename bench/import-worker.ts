/**
 * One run of the import worker in a process of its own, measured: `tsx bench/import-worker.ts <accountId> <importId>
 * <result.json>`, with the local stack's PORT, DYNAMODB_PORT, COGNITO_PORT, MAILBOX_PORT and DATA_DIR in the
 * environment. It gives the handler the environment `npm start` gives it, delivers it one queue message as the local
 * queue would (a Lambda context with the worker's declared timeout), and writes what it measured: wall time, every
 * DynamoDB round trip (the gateway's SDK instrumentation, retries included) and memory sampled every 20 ms.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context, SQSEvent } from 'aws-lambda';
import { lambdaContext, sqsEvent } from '../local/lambda-event.ts';
import { queueWorkers } from '../shared/config/jobs.ts';
import { attachToLocalStack, readLocalConfig } from '../local/config.ts';
import { handlerFile } from '../shared/http/route-types.ts';
import { root } from './util.ts';

/** What one worker run measured; bench/imports.ts adds the runs of one import up. */
export interface WorkerRun {
  wallMs: number;
  /** SDK command names of every DynamoDB round trip, in order. */
  dynamodbCommands: string[];
  /** Memory when the handler was called (everything loaded), and the highest seen while it ran. */
  before: { rss: number; heapUsed: number };
  peak: { rss: number; heapUsed: number };
  /** The kernel's high-water mark of the process's resident set (bytes), loading included. */
  maxRss: number;
  failedDeliveries: number;
}

const [accountId, importId, resultFile] = process.argv.slice(2);
if (!accountId || !importId || !resultFile)
  throw new Error('usage: tsx bench/import-worker.ts <accountId> <importId> <result.json>');

const config = readLocalConfig([]);
await attachToLocalStack(config);

// only now: these load the SDK clients, which read the environment set above
const { instrumentSdkClients, newRequestMetrics, requestMetrics } = await import('../local/sdk-instrumentation.ts');
instrumentSdkClients();
const worker = queueWorkers.find((w) => w.name === 'processImport')!;
type Handler = (event: SQSEvent, context: Context) => Promise<{ batchItemFailures?: unknown[] } | undefined>;
const { handler } = (await import(pathToFileURL(join(root, handlerFile(worker.name))).href)) as { handler: Handler };

const event = sqsEvent({
  id: randomUUID(),
  body: JSON.stringify({ accountId, importId }),
  receiveCount: 1,
  sentAt: Date.now(),
});
const context = lambdaContext(`switchboard-bench-${worker.name}`, worker.timeoutSeconds * 1000);

const memory = () => {
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
};
const before = memory();
const peak = { ...before };
const sample = () => {
  const now = memory();
  peak.rss = Math.max(peak.rss, now.rss);
  peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
};
const sampler = setInterval(sample, 20);
const metrics = newRequestMetrics();
const started = performance.now();
const out = await requestMetrics.run(metrics, () => handler(event, context));
const wallMs = performance.now() - started;
sample();
clearInterval(sampler);

const run: WorkerRun = {
  wallMs,
  dynamodbCommands: metrics.dynamodbCommands,
  before,
  peak,
  maxRss: process.resourceUsage().maxRSS * 1024,
  failedDeliveries: out?.batchItemFailures?.length ?? 0,
};
writeFileSync(resultFile, JSON.stringify(run));
// the SDK clients keep sockets open; the run is over
process.exit(0);
