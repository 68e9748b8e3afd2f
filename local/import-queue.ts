/**
 * The local stand-in for the import queue (SQS) and its event source mapping: a tiny SQS-compatible endpoint (JSON
 * protocol, `SendMessage` only) served by the local gateway, so the production adapter runs unchanged against it,
 * and an in-process delivery of each message to the queue worker's handler as an `SQSEvent`, as Lambda would. A
 * delivery that throws or reports the message as failed is retried after a short delay; after the declaration's
 * `maxReceiveCount` deliveries the message is parked as a dead letter (logged, listed by the test control).
 * Delivery can be held (all messages, or one account's) by a test control.
 */
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { QueueWorkerDef } from '../shared/config/jobs.ts';
import { handlerFile } from '../shared/http/route-types.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_QUEUE_NAME, lambdaContext, sqsEvent } from './lambda-event.ts';

/** The queue's name in its local URL (`<base>/__sqs/<account>/<name>`). */
export const localQueueUrl = (baseUrl: string): string => `${baseUrl}/__sqs/${LOCAL_ACCOUNT_ID}/${LOCAL_QUEUE_NAME}`;

interface Message {
  id: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  /** The account the message is about (import messages name one), for holding one account's deliveries. */
  accountId: string | undefined;
}

export type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface QueueState {
  held: 'all' | string[];
  waiting: number;
  inFlight: number;
  delivered: number;
  deadLetters: { messageId: string; body: string; receiveCount: number }[];
}

export interface LocalQueueOptions {
  root: string;
  worker: QueueWorkerDef;
  log: (line: string) => void;
  /** Where each delivery's start and successful end are told (`npm start` without --quiet); failures go to `log`. */
  trace?: (line: string) => void;
  /** Wait before a failed message is delivered again (SQS: the visibility timeout). */
  redeliveryDelayMs?: number;
  /** The worker's handler itself (tests); by default the declaration's handler file under `root`. */
  handler?: WorkerHandler;
}

export function createLocalQueue(options: LocalQueueOptions) {
  const { worker, log } = options;
  const trace = options.trace ?? (() => {});
  const redeliveryDelayMs = options.redeliveryDelayMs ?? 1000;
  const waiting: Message[] = [];
  const deadLetters: QueueState['deadLetters'] = [];
  let inFlight = 0;
  let delivered = 0;
  let heldAll = false;
  const heldAccounts = new Set<string>();
  let handler: Promise<WorkerHandler> | undefined = options.handler && Promise.resolve(options.handler);

  const loadHandler = () => {
    handler ??= import(pathToFileURL(join(options.root, handlerFile(worker.name))).href).then(
      (mod: { handler: WorkerHandler }) => mod.handler,
    );
    return handler;
  };
  const isHeld = (m: Message) => heldAll || (m.accountId !== undefined && heldAccounts.has(m.accountId));

  const event = (m: Message): SQSEvent => sqsEvent(m);

  async function deliver(m: Message): Promise<void> {
    m.receiveCount += 1;
    inFlight += 1;
    let failed: string | undefined;
    const started = performance.now();
    const about = `[queue] ${aboutMessage(m.body)}: delivery ${m.receiveCount}`;
    trace(`${about} started`);
    try {
      const context = lambdaContext(`switchboard-local-${worker.name}`, worker.timeoutSeconds * 1000);
      const out = await (await loadHandler())(event(m), context);
      if (out?.batchItemFailures?.some((f) => f.itemIdentifier === m.id)) failed = 'reported as failed';
    } catch (err) {
      failed = (err as Error)?.stack ?? String(err);
    } finally {
      inFlight -= 1;
    }
    if (!failed) {
      delivered += 1;
      trace(`${about} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return;
    }
    if (m.receiveCount >= worker.maxReceiveCount) {
      deadLetters.push({ messageId: m.id, body: m.body, receiveCount: m.receiveCount });
      log(`[queue] message ${m.id} parked as a dead letter after ${m.receiveCount} deliveries: ${failed}`);
      return;
    }
    log(`[queue] message ${m.id} delivery ${m.receiveCount} failed (${failed}); again in ${redeliveryDelayMs} ms`);
    setTimeout(() => offer(m), redeliveryDelayMs).unref();
  }

  /** Delivers now, or keeps the message until delivery is released. */
  function offer(m: Message): void {
    if (isHeld(m)) waiting.push(m);
    else void deliver(m);
  }

  function release(): void {
    for (const m of waiting.splice(0)) offer(m);
  }

  return {
    /** `SendMessage`: the message is accepted at once and delivered on its own. */
    send(body: string): { messageId: string; md5: string } {
      const m: Message = { id: randomUUID(), body, sentAt: Date.now(), receiveCount: 0, accountId: accountOf(body) };
      setImmediate(() => offer(m));
      return { messageId: m.id, md5: md5(body) };
    },
    /** Holds delivery: of every message, or of one account's. */
    hold(accountId?: string): void {
      if (accountId) heldAccounts.add(accountId);
      else heldAll = true;
    },
    /** Releases what `hold` held; what waited is delivered now. */
    resume(accountId?: string): void {
      if (accountId) heldAccounts.delete(accountId);
      else {
        heldAll = false;
        heldAccounts.clear();
      }
      release();
    },
    state(): QueueState {
      return {
        held: heldAll ? 'all' : [...heldAccounts],
        waiting: waiting.length,
        inFlight,
        delivered,
        deadLetters: [...deadLetters],
      };
    },
  };
}

export type LocalQueue = ReturnType<typeof createLocalQueue>;

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

function accountOf(body: string): string | undefined {
  try {
    const value = JSON.parse(body) as { accountId?: unknown };
    return typeof value?.accountId === 'string' ? value.accountId : undefined;
  } catch {
    return undefined;
  }
}

/** What a message is about, for the console: `import <id> (account <id>)`, or its id when it names no import. */
function aboutMessage(body: string): string {
  try {
    const value = JSON.parse(body) as { accountId?: unknown; importId?: unknown };
    if (typeof value?.importId === 'string') return `import ${value.importId} (account ${String(value.accountId)})`;
  } catch {
    // not JSON: the worker drops it, the console shows its length only
  }
  return `message of ${body.length} characters`;
}

/** An answer of the SQS JSON protocol (awsJson1_0). */
export interface SqsAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const sqsError = (statusCode: number, type: string, message: string): SqsAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': `${type};Sender` },
  body: JSON.stringify({ __type: `com.amazonaws.sqs#${type}`, message }),
});

/** One request of the SQS JSON protocol (`X-Amz-Target: AmazonSQS.<Action>`): only SendMessage to this queue. */
export function answerSqs(queue: LocalQueue, target: string, body: Buffer, queueUrl: string): SqsAnswer {
  const action = target.slice('AmazonSQS.'.length);
  if (action !== 'SendMessage') return sqsError(400, 'UnsupportedOperation', `${action} is not served locally`);
  let input: { QueueUrl?: unknown; MessageBody?: unknown };
  try {
    input = JSON.parse(body.toString('utf8')) as typeof input;
  } catch {
    return sqsError(400, 'InvalidParameterValue', 'the request body is not JSON');
  }
  if (input.QueueUrl !== queueUrl) return sqsError(400, 'QueueDoesNotExist', 'The specified queue does not exist.');
  if (typeof input.MessageBody !== 'string' || input.MessageBody === '')
    return sqsError(400, 'InvalidParameterValue', 'MessageBody is required');
  const { messageId, md5: digest } = queue.send(input.MessageBody);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify({ MD5OfMessageBody: digest, MessageId: messageId }),
  };
}
