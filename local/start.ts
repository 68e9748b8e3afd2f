/**
 * `npm start`: the whole API on this machine. Starts the emulators, provisions table and user pool, sets
 * the environment the handlers read, then serves the route table through the local gateway.
 * Flags: --fresh wipes DATA_DIR first; --quiet (or LOCAL_QUIET=1) drops the access log. Settings: local/config.ts.
 */
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { settingNames, eventSettingNames } from '../shared/config/env.ts';
import { applyHandlerEnvironment, readLocalConfig, tokenIssuer } from './config.ts';
import { assertPortFree, killEmulatorsNow, startEmulators, stopEmulators } from './emulators.ts';
import { provision, TABLE_NAME } from './provision.ts';
import type { StreamHandler } from './event-stream.ts';
import type { WorkerHandler } from './sqs-queue.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const config = readLocalConfig();

let server: Server | undefined;
let stopCleanup: (() => void) | undefined;
/** Stops the stream tailer and the queues; resolves once the batches they run are done. */
let stopEvents: (() => Promise<void>) | undefined;
let stopping: Promise<void> | undefined;
/** How long shutdown waits for a running fan-out batch before the emulators stop under it. */
const EVENTS_STOP_GRACE_MS = 3000;

function shutdown(code: number): Promise<void> {
  stopping ??= (async () => {
    stopCleanup?.();
    server?.closeAllConnections();
    server?.close();
    if (stopEvents)
      await Promise.race([stopEvents(), new Promise((done) => setTimeout(done, EVENTS_STOP_GRACE_MS).unref())]);
    await stopEmulators();
    process.exit(code);
  })();
  return stopping;
}

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
process.once('SIGHUP', () => void shutdown(0));
process.on('exit', killEmulatorsNow);
process.on('uncaughtException', (err) => {
  console.error(`[local] ${err.stack ?? err}`);
  void shutdown(1);
});
process.on('unhandledRejection', (reason) => {
  console.error(`[local] unhandled rejection: ${(reason as Error)?.stack ?? reason}`);
  void shutdown(1);
});
// The test harness sets LOCAL_EXIT_WITH_PARENT=1: if it dies without a signal (SIGKILL), stop rather than
// leave emulators behind. Off by default, so `npm start &` from a subshell keeps running.
if (config.exitWithParent) {
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentPid) void shutdown(0);
  }, 1000).unref();
}

if (config.fresh) rmSync(config.dataDir, { recursive: true, force: true });
await assertPortFree(config.port, '127.0.0.1', 'API'); // before the emulators spend seconds starting
const emulatorPids = await startEmulators(config.dataDir, config.ports);
const state = await provision(config.dataDir, config.endpoints);
applyHandlerEnvironment(config, state);

// only now: these load the handlers' SDK clients, which read the environment set above
const { createGateway } = await import('./gateway.ts');
const { runInvitationCleanup, scheduleInvitationCleanup } = await import('./scheduled-cleanup.ts');
stopCleanup = scheduleInvitationCleanup(root, config.cleanupIntervalSeconds, (line) =>
  console.error(`[local] ${line}`),
);
const { createLocalQueue } = await import('./import-queue.ts');
const { queueWorkers } = await import('../shared/config/jobs.ts');
const log = (line: string) => console.error(`[local] ${line}`);
const trace = config.quiet ? undefined : (line: string) => console.log(line);
const importQueue = createLocalQueue({ root, worker: queueWorkers[0], log, trace });
const events = await startEvents();
stopEvents = events.stop;
const gateway = createGateway({
  root,
  quiet: config.quiet,
  testControls: config.testControls,
  hooks: { runCleanup: () => runInvitationCleanup(root), queue: importQueue, ...events.controls },
  queues: [{ url: process.env[settingNames.importQueueUrl] as string, queue: importQueue }, ...events.queues],
});
server = gateway;
await new Promise<void>((listening, failed) => {
  gateway.once('error', (err: NodeJS.ErrnoException) =>
    failed(new Error(`API port ${config.port} is not free (${err.code}); set PORT to another one`)),
  );
  gateway.listen(config.port, '127.0.0.1', listening);
});

const baseUrl = `http://127.0.0.1:${config.port}`;
const operatorKey = config.operatorKey ?? state.operatorKey;
const mailboxUrl = config.endpoints.mailbox;
console.log(`
Switchboard is running (ready in ${(performance.now() / 1000).toFixed(1)}s)
  API            ${baseUrl}    e.g. curl ${baseUrl}/v1/health
  Operator key   ${operatorKey}    (header X-Operator-Key)
  Mailbox        ${mailboxUrl}    sent mail as JSON at ${mailboxUrl}/store
  Data           ${config.dataDir}    (start with --fresh to wipe it)${config.testControls ? '\n  Test controls  enabled under /__test/' : ''}
Ctrl-C stops everything.
`);
if (config.readyJson) {
  const ready = {
    baseUrl,
    mailboxUrl,
    operatorKey,
    tableName: TABLE_NAME,
    userPoolId: state.userPoolId,
    userPoolClientId: state.userPoolClientId,
    dynamodbEndpoint: config.endpoints.dynamodb,
    cognitoEndpoint: config.endpoints.cognito,
    tokenIssuer: tokenIssuer(config, state),
    appUrl: config.appUrl,
    dataDir: config.dataDir,
    pid: process.pid,
    emulatorPids,
  };
  console.log(`SWITCHBOARD_READY ${JSON.stringify(ready)}`);
}

/**
 * Events out, as in AWS: the table stream's tailer drives the fan-out, the two webhook queues drive the delivery
 * worker, and the EventBridge bus (no emulator) is a recorder.
 */
async function startEvents() {
  const { eventFanOut, webhookDelivery } = await import('../shared/config/events.ts');
  const { createEventStreamTailer } = await import('./event-stream.ts');
  const { dynamodbStreamReader } = await import('./stream-reader.ts');
  const { createWebhookQueues } = await import('./webhook-queues.ts');
  const { createEventBusRecorder } = await import('./event-bus-recorder.ts');
  const { useLocalEventBus } = await import('../shared/adapters/webhooks/local-event-bus.ts');

  const eventBus = createEventBusRecorder();
  useLocalEventBus(eventBus);
  log(
    `EventBridge has no local emulator: events put on the bus are recorded in memory${
      config.testControls ? ' (GET /__test/event-bus)' : ''
    }`,
  );
  // the pipeline runs beside the requests: faults the tests arm are for their requests, never for it
  const { withoutFaults } = await import('./sdk-instrumentation.ts');
  const { lazyHandler } = await import('./handler-loader.ts');
  const faultFree = <E, C, R>(load: () => Promise<(event: E, context: C) => Promise<R>>) => {
    return async (event: E, context: C) => {
      const handler = await load();
      return withoutFaults(() => handler(event, context));
    };
  };
  const webhookQueues = createWebhookQueues({
    root,
    log,
    trace,
    handler: faultFree(lazyHandler<WorkerHandler>(root, webhookDelivery.name)),
  });
  const reader = dynamodbStreamReader(config.endpoints.dynamodb, TABLE_NAME);
  const eventStream = createEventStreamTailer({
    reader,
    consumer: eventFanOut,
    root,
    log,
    trace,
    handler: faultFree(lazyHandler<StreamHandler>(root, eventFanOut.name)),
  });
  await eventStream.start();
  return {
    controls: { eventBus, eventStream, webhookQueues },
    queues: [
      // the URLs the handlers were given (applyHandlerEnvironment)
      { url: process.env[eventSettingNames.webhookQueueUrl] as string, queue: webhookQueues.first },
      { url: process.env[eventSettingNames.webhookRetryQueueUrl] as string, queue: webhookQueues.retries },
    ],
    async stop() {
      webhookQueues.first.stop();
      webhookQueues.retries.stop();
      importQueue.stop();
      await eventStream.stop();
      reader.destroy();
    },
  };
}
