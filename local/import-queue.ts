/**
 * The local stand-in for the import queue (SQS) and its event source mapping: a standard queue of the local SQS
 * endpoint (local/sqs-queue.ts, local/sqs-endpoint.ts), so the production adapter runs unchanged against it, each
 * message delivered alone to the queue worker's handler as an `SQSEvent`, as Lambda would. A delivery that throws or
 * reports the message as failed is retried after a short delay; after the declaration's `maxReceiveCount` deliveries
 * the message is parked as a dead letter (logged, listed by the test control). Delivery can be held (all messages, or
 * one account's) by a test control.
 */
import type { QueueWorkerDef } from '../shared/config/jobs.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_QUEUE_NAME } from './lambda-event.ts';
import { answerSqsFor, type SqsAnswer } from './sqs-endpoint.ts';
import { createSqsQueue, type SqsQueue, type SqsQueueOptions } from './sqs-queue.ts';

export type { QueueState, WorkerHandler } from './sqs-queue.ts';
export type { SqsAnswer } from './sqs-endpoint.ts';

/** A local queue's URL: `<base>/__sqs/<account>/<name>` (by default the import queue's). */
export const localQueueUrl = (baseUrl: string, name = LOCAL_QUEUE_NAME): string =>
  `${baseUrl}/__sqs/${LOCAL_ACCOUNT_ID}/${name}`;

export type LocalQueueOptions = Omit<SqsQueueOptions, 'name' | 'worker' | 'about' | 'batchSize'> & {
  worker: QueueWorkerDef;
};

export const createLocalQueue = (options: LocalQueueOptions): SqsQueue =>
  createSqsQueue({ ...options, name: LOCAL_QUEUE_NAME, about: aboutImport });

export type LocalQueue = SqsQueue;

/** What a message is about, for the console: `import <id> (account <id>)`, or its length when it names no import. */
function aboutImport(body: string): string {
  try {
    const value = JSON.parse(body) as { accountId?: unknown; importId?: unknown };
    if (typeof value?.importId === 'string') return `import ${value.importId} (account ${String(value.accountId)})`;
  } catch {
    // not JSON: the worker drops it, the console shows its length only
  }
  return `message of ${body.length} characters`;
}

/** One request of the SQS JSON protocol to the import queue alone (the gateway serves every queue: answerSqsFor). */
export function answerSqs(queue: LocalQueue, target: string, body: Buffer, queueUrl: string): SqsAnswer {
  return answerSqsFor([{ url: queueUrl, queue }], target, body);
}
