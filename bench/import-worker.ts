/**
 * One run of the import worker in a process of its own, measured: `tsx bench/import-worker.ts <accountId> <importId>
 * <result.json>`, with the local stack's PORT, DYNAMODB_PORT, COGNITO_PORT, MAILBOX_PORT and DATA_DIR in the
 * environment. It gives the handler the environment `npm start` gives it, delivers it one queue message as the local
 * queue would (a Lambda context with the worker's declared timeout), and writes what it measured: wall time, every
 * DynamoDB round trip (the gateway's SDK instrumentation, retries included) and memory sampled every 20 ms.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context, SQSEvent } from 'aws-lambda';
import { applyHandlerEnvironment, readLocalConfig } from '../local/config.ts';
import type { LocalState } from '../local/provision.ts';
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
const state = JSON.parse(readFileSync(join(config.dataDir, 'local-state.json'), 'utf8')) as LocalState;
applyHandlerEnvironment(config, state);

// only now: these load the SDK clients, which read the environment set above
const { instrumentSdkClients, requestMetrics } = await import('../local/sdk-instrumentation.ts');
instrumentSdkClients();
const WORKER = 'processImport';
const timeoutSeconds = await import('../shared/config/jobs.ts').then(
  (jobs) =>
    (jobs as { queueWorkers?: { name: string; timeoutSeconds: number }[] }).queueWorkers?.find((w) => w.name === WORKER)
      ?.timeoutSeconds ?? 300,
);
type Handler = (event: SQSEvent, context: Context) => Promise<{ batchItemFailures?: unknown[] } | undefined>;
const { handler } = (await import(pathToFileURL(join(root, handlerFile(WORKER))).href)) as { handler: Handler };

const body = JSON.stringify({ accountId, importId });
const event: SQSEvent = {
  Records: [
    {
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: '000000000000',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:switchboard-local-imports',
      awsRegion: 'us-east-1',
    },
  ],
};
const deadline = Date.now() + timeoutSeconds * 1000;
const context = {
  functionName: 'switchboard-bench-processImport',
  functionVersion: '$LATEST',
  awsRequestId: randomUUID(),
  memoryLimitInMB: '1024',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
} as unknown as Context;

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
const metrics = { dynamodbCommands: [] as string[] };
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
