/**
 * `/__test/*` endpoints, served only when LOCAL_TEST_CONTROLS=1: move the handlers' clock, arm SDK faults,
 * read what the handlers sent Cognito on the app client, read the metrics they published,
 * run the scheduled cleanup now, hold and release the local import queue's delivery (all of it, or one account's),
 * read the events put on the local EventBridge bus, the stream tailer's and the webhook queues' state. They act on
 * the very modules the handlers import (same process, same URLs).
 */
import { setClockOffset } from '../shared/adapters/system-clock.ts';
import type { EmfDocument } from '../shared/observability/metrics.ts';
import type { EventBusRecorder } from './event-bus-recorder.ts';
import type { EventStreamTailer } from './event-stream.ts';
import type { LocalQueue } from './import-queue.ts';
import type { SqsQueue } from './sqs-queue.ts';
import type { WebhookQueueRole } from './webhook-queues.ts';
import {
  addFault,
  clearAppClientCalls,
  clearFaults,
  pendingFaults,
  recordedAppClientCalls,
  services,
  type FaultSpec,
} from './sdk-instrumentation.ts';

/** The embedded-metric documents the handlers published (the local sink, see gateway.ts); the latest 10,000. */
const emfDocuments: EmfDocument[] = [];
const MAX_EMF_DOCUMENTS = 10_000;

/** The local metrics sink: keeps each document the handlers publish instead of writing it to stdout. */
export function collectMetrics(document: EmfDocument): void {
  emfDocuments.push(document);
  if (emfDocuments.length > MAX_EMF_DOCUMENTS) emfDocuments.splice(0, emfDocuments.length - MAX_EMF_DOCUMENTS);
}

export interface ControlResponse {
  status: number;
  body?: unknown;
}

export interface TestControlHooks {
  runCleanup(): Promise<unknown>;
  /** The local import queue, whose delivery the queue controls hold and release. */
  queue?: LocalQueue;
  /** What the fan-out put on the (local) EventBridge bus. */
  eventBus?: Pick<EventBusRecorder, 'entries' | 'clear'>;
  /** The table stream's tailer. */
  eventStream?: Pick<EventStreamTailer, 'state'>;
  webhookQueues?: Record<WebhookQueueRole, Pick<SqsQueue, 'name' | 'state'>>;
}

const problem = (status: number, detail: string): ControlResponse => ({
  status,
  body:
    status === 404
      ? { type: 'https://switchboard.dev/problems/not-found', title: 'Not Found', status, code: 'not_found', detail }
      : {
          type: 'https://switchboard.dev/problems/validation-failed',
          title: 'Bad Request',
          status,
          code: 'validation_failed',
          detail,
        },
});

function parse(body: Buffer): Record<string, unknown> | undefined {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function faultSpec(input: Record<string, unknown>): FaultSpec | string {
  const { service, command, times, after, errorName, message, details } = input;
  if (!services.includes(service as FaultSpec['service'])) return `service must be one of ${services.join(', ')}`;
  if (command !== undefined && typeof command !== 'string') return 'command must be an SDK command name';
  if (times !== undefined && !(Number.isInteger(times) && (times as number) > 0))
    return 'times must be a positive integer';
  if (after !== undefined && !(Number.isInteger(after) && (after as number) >= 0))
    return 'after must be a non-negative integer';
  if (errorName !== undefined && typeof errorName !== 'string') return 'errorName must be a string';
  if (message !== undefined && typeof message !== 'string') return 'message must be a string';
  if (details !== undefined && (typeof details !== 'object' || details === null)) return 'details must be an object';
  return input as unknown as FaultSpec;
}

export async function handleTestControl(
  method: string,
  path: string,
  body: Buffer,
  hooks: TestControlHooks,
): Promise<ControlResponse> {
  const input = parse(body);
  if (!input) return problem(400, 'body must be a JSON object');
  const route = `${method} ${path}`;
  switch (route) {
    case 'POST /__test/clock': {
      const { offsetSeconds } = input;
      if (typeof offsetSeconds !== 'number' || !Number.isFinite(offsetSeconds))
        return problem(400, 'offsetSeconds must be a number');
      setClockOffset(offsetSeconds * 1000);
      return { status: 200, body: { offsetSeconds } };
    }
    case 'POST /__test/faults': {
      const spec = faultSpec(input);
      if (typeof spec === 'string') return problem(400, spec);
      addFault(spec);
      return { status: 200, body: { faults: pendingFaults() } };
    }
    case 'GET /__test/faults':
      return { status: 200, body: { faults: pendingFaults() } };
    case 'DELETE /__test/faults':
      clearFaults();
      return { status: 204 };
    case 'GET /__test/app-client-calls':
      return { status: 200, body: { calls: recordedAppClientCalls() } };
    case 'DELETE /__test/app-client-calls':
      clearAppClientCalls();
      return { status: 204 };
    case 'GET /__test/metrics':
      return { status: 200, body: { documents: emfDocuments } };
    case 'DELETE /__test/metrics':
      emfDocuments.length = 0;
      return { status: 204 };
    case 'POST /__test/queue/hold':
    case 'POST /__test/queue/resume': {
      const { accountId } = input;
      if (!hooks.queue) return problem(404, 'no local queue');
      if (accountId !== undefined && typeof accountId !== 'string') return problem(400, 'accountId must be a string');
      if (route.endsWith('/hold')) hooks.queue.hold(accountId);
      else hooks.queue.resume(accountId);
      return { status: 200, body: hooks.queue.state() };
    }
    case 'GET /__test/queue':
      if (!hooks.queue) return problem(404, 'no local queue');
      return { status: 200, body: hooks.queue.state() };
    case 'GET /__test/event-bus':
      if (!hooks.eventBus) return problem(404, 'no local event bus');
      return { status: 200, body: { entries: hooks.eventBus.entries() } };
    case 'DELETE /__test/event-bus':
      if (!hooks.eventBus) return problem(404, 'no local event bus');
      hooks.eventBus.clear();
      return { status: 204 };
    case 'GET /__test/event-stream':
      if (!hooks.eventStream) return problem(404, 'no stream tailer');
      return { status: 200, body: hooks.eventStream.state() };
    case 'GET /__test/webhook-queues': {
      const queues = hooks.webhookQueues;
      if (!queues) return problem(404, 'no webhook queues');
      const state = (q: Pick<SqsQueue, 'name' | 'state'>) => ({ name: q.name, ...q.state() });
      return { status: 200, body: { first: state(queues.first), retries: state(queues.retries) } };
    }
    case 'POST /__test/cleanup':
      return { status: 200, body: { result: await hooks.runCleanup() } };
    default:
      return problem(404, `no test control ${route}`);
  }
}
