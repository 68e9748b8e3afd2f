/**
 * `node --import tsx local/run-import-worker.ts <accountId> <importId>`: runs the import worker's handler once, in this
 * process, for one import, against the emulators of a running `npm start` (same DATA_DIR and ports), as one SQS
 * delivery would. Prints one JSON line: what the delivery answered, how long it took and its DynamoDB round trips
 * (by command). The crash test kills it mid-file and runs it again; the bench counts round trips per row with it.
 * RUN_IMPORT_TIMEOUT_MS sets the invocation's time (default the worker's declared timeout).
 */
import { queueWorkers } from '../shared/config/jobs.ts';
import { attachToLocalStack, readLocalConfig } from './config.ts';
import { lambdaContext, sqsEvent } from './lambda-event.ts';

const [accountId, importId] = process.argv.slice(2);
if (!accountId || !importId) {
  console.error('usage: local/run-import-worker.ts <accountId> <importId>');
  process.exit(2);
}
const config = readLocalConfig([]);
await attachToLocalStack(config);
// the SDK clients load with these modules: after the environment is set
const { instrumentSdkClients, newRequestMetrics, requestMetrics } = await import('./sdk-instrumentation.ts');
instrumentSdkClients();
const { handler } = await import('../functions/process-import.ts');

const worker = queueWorkers.find((w) => w.name === 'processImport')!;
const timeoutMs = Number(process.env.RUN_IMPORT_TIMEOUT_MS) || worker.timeoutSeconds * 1000;
const event = sqsEvent({
  id: `local-${Date.now()}`,
  body: JSON.stringify({ accountId, importId }),
  receiveCount: 1,
  sentAt: Date.now(),
});
const metrics = newRequestMetrics();
const started = performance.now();
const out = await requestMetrics.run(metrics, () =>
  handler(event, lambdaContext(`switchboard-local-${worker.name}`, timeoutMs)),
);
const byCommand: Record<string, number> = {};
for (const c of metrics.dynamodbCommands) byCommand[c] = (byCommand[c] ?? 0) + 1;
console.log(
  JSON.stringify({
    failed: out.batchItemFailures.length > 0,
    ms: Math.round(performance.now() - started),
    dynamodbCalls: metrics.dynamodbCommands.length,
    byCommand,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
process.exit(out.batchItemFailures.length > 0 ? 1 : 0);
