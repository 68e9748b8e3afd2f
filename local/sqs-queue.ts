/**
 * A local SQS queue and its Lambda event source mapping, in process: messages are kept in memory and handed to the
 * worker's handler as `SQSEvent`s, as Lambda would. Standard or FIFO (a name ending in `.fifo`):
 * - standard: a message waits out its `DelaySeconds` (0–900), then goes in a batch of up to `batchSize`;
 * - FIFO: a message needs a group and a deduplication id (content-based deduplication is off, as deployed); a
 *   duplicate within five minutes in its group is accepted and dropped (high-throughput mode deduplicates per group);
 *   the messages of one group go one batch at a time, in order, and a failed one holds its group until it is
 *   delivered again; batches hold one group's messages only; different groups go at once.
 * Messages the handler reports in `batchItemFailures` (all of them, when it throws) are delivered again after
 * `redeliveryDelayMs` (SQS: the visibility timeout); after `maxReceiveCount` deliveries one is parked as a dead letter
 * (logged, listed in `state()`). Delivery can be held (all messages, or one account's) by a test control.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lazyHandler } from './handler-loader.ts';
import { lambdaContext, type QueuedMessage, sqsEvent } from './lambda-event.ts';

export type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

/** How long SQS remembers a FIFO message's deduplication id. */
const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;
export const MAX_DELAY_SECONDS = 900;

export interface SqsQueueOptions {
  /** The queue's name, as in its URL and ARN; a FIFO queue's ends in `.fifo`. */
  name: string;
  /** The worker whose handler (`functions/<kebab-case of name>.ts` under `root`) gets the messages. */
  worker: { name: string; timeoutSeconds: number; maxReceiveCount: number };
  root: string;
  /** Messages per delivery, at most (the event source mapping's batch size); default 1. */
  batchSize?: number;
  /** Deliveries running at once, at most (the mapping's maximum concurrency); default no limit. */
  maxConcurrency?: number;
  log: (line: string) => void;
  /** Where each delivery's start and successful end are told (`npm start` without --quiet); failures go to `log`. */
  trace?: (line: string) => void;
  /** The console's prefix for this queue's lines; default `queue`. */
  label?: string;
  /** What a message is about, for the console; default its length. */
  about?: (body: string) => string;
  /** Wait before a failed message is delivered again (SQS: the visibility timeout); default 1 s. */
  redeliveryDelayMs?: number;
  /** The worker's handler itself (tests); by default the worker's handler file under `root`. */
  handler?: WorkerHandler;
}

export interface SendInput {
  body: string;
  delaySeconds?: number;
  groupId?: string;
  deduplicationId?: string;
}

export interface SendResult {
  messageId: string;
  md5: string;
  /** FIFO only. */
  sequenceNumber?: string;
}

export interface QueueState {
  held: 'all' | string[];
  /** Messages not yet handed to the worker: delayed, held, behind their group, or waiting to be delivered again. */
  waiting: number;
  inFlight: number;
  delivered: number;
  deadLetters: { messageId: string; body: string; receiveCount: number }[];
}

interface Message extends QueuedMessage {
  /** The account the message is about (messages that name one), for holding one account's deliveries. */
  accountId: string | undefined;
}

export function createSqsQueue(options: SqsQueueOptions) {
  const { worker, log, name } = options;
  const fifo = name.endsWith('.fifo');
  const label = options.label ?? 'queue';
  const trace = options.trace ?? (() => {});
  const about = options.about ?? ((body: string) => `message of ${body.length} characters`);
  const batchSize = options.batchSize ?? 1;
  const maxConcurrency = options.maxConcurrency ?? Number.POSITIVE_INFINITY;
  const redeliveryDelayMs = options.redeliveryDelayMs ?? 1000;
  const handler = options.handler
    ? () => Promise.resolve(options.handler!)
    : lazyHandler<WorkerHandler>(options.root, worker.name);

  /** Visible messages, in order (FIFO: by sequence number). */
  const ready: Message[] = [];
  /** Delayed, or invisible until delivered again. */
  let hidden = 0;
  const deadLetters: QueueState['deadLetters'] = [];
  const deduplication = new Map<string, { messageId: string; sequenceNumber: string; at: number }>();
  /** FIFO groups with a batch out or a message waiting to be delivered again. */
  const busyGroups = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let sequence = 0n;
  let inFlight = 0;
  let running = 0;
  let delivered = 0;
  let heldAll = false;
  let stopped = false;
  let pumpScheduled = false;
  const heldAccounts = new Set<string>();

  const isHeld = (m: Message) => heldAll || (m.accountId !== undefined && heldAccounts.has(m.accountId));

  const later = (ms: number, then: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      then();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  /** Puts messages back among the visible ones (FIFO: in sequence order, ahead of their group's later ones). */
  function show(messages: Message[]): void {
    ready.push(...messages);
    if (fifo) ready.sort((a, b) => (BigInt(a.sequenceNumber!) < BigInt(b.sequenceNumber!) ? -1 : 1));
    // on the next turn: the messages sent together (a SendMessageBatch, a loop of sends) go in one batch
    if (pumpScheduled) return;
    pumpScheduled = true;
    setImmediate(() => {
      pumpScheduled = false;
      pump();
    });
  }

  /** The next batch: up to batchSize visible messages not held (FIFO: the first free group's, in order). */
  function nextBatch(): Message[] | undefined {
    if (!fifo) {
      const batch: Message[] = [];
      for (let i = 0; i < ready.length && batch.length < batchSize; )
        if (isHeld(ready[i])) i++;
        else batch.push(...ready.splice(i, 1));
      return batch.length ? batch : undefined;
    }
    const seen = new Set<string>();
    for (const first of ready) {
      const group = first.groupId!;
      if (seen.has(group)) continue;
      seen.add(group);
      if (busyGroups.has(group) || isHeld(first)) continue;
      const batch: Message[] = [];
      for (const m of ready) {
        if (m.groupId !== group) continue;
        if (isHeld(m) || batch.length === batchSize) break;
        batch.push(m);
      }
      for (const m of batch) ready.splice(ready.indexOf(m), 1);
      busyGroups.add(group);
      return batch;
    }
    return undefined;
  }

  function pump(): void {
    while (!stopped && running < maxConcurrency) {
      const batch = nextBatch();
      if (!batch) return;
      void deliver(batch);
    }
  }

  /** Which of the batch's messages failed: those the handler reported, all of them when it threw or named others. */
  function failedOf(batch: Message[], outcome: SQSBatchResponse | undefined | Error): Set<Message> {
    if (outcome instanceof Error) return new Set(batch);
    const ids = (outcome?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    if (ids.some((id) => !batch.some((m) => m.id === id))) return new Set(batch);
    return new Set(batch.filter((m) => ids.includes(m.id)));
  }

  async function deliver(batch: Message[]): Promise<void> {
    running += 1;
    inFlight += batch.length;
    for (const m of batch) m.receiveCount += 1;
    const what = `[${label}] ${batch.length === 1 ? about(batch[0].body) : `${batch.length} messages`}`;
    const attempt = `${what}: delivery ${batch[0].receiveCount}`;
    const started = performance.now();
    trace(`${attempt} started`);
    let outcome: SQSBatchResponse | undefined | Error;
    try {
      const context = lambdaContext(`switchboard-local-${worker.name}`, worker.timeoutSeconds * 1000);
      outcome = await (await handler())(sqsEvent(batch, name), context);
    } catch (err) {
      outcome = err instanceof Error ? err : new Error(String(err));
    } finally {
      running -= 1;
      inFlight -= batch.length;
    }
    const failed = failedOf(batch, outcome);
    const why = outcome instanceof Error ? (outcome.stack ?? outcome.message) : 'reported as failed';
    delivered += batch.length - failed.size;
    if (!failed.size) trace(`${attempt} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const again: Message[] = [];
    for (const m of batch.filter((b) => failed.has(b))) {
      if (m.receiveCount >= worker.maxReceiveCount) {
        deadLetters.push({ messageId: m.id, body: m.body, receiveCount: m.receiveCount });
        log(`[${label}] message ${m.id} parked as a dead letter after ${m.receiveCount} deliveries: ${why}`);
      } else {
        log(`[${label}] message ${m.id} delivery ${m.receiveCount} failed (${why}); again in ${redeliveryDelayMs} ms`);
        again.push(m);
      }
    }
    const group = batch[0].groupId;
    if (again.length) {
      hidden += again.length;
      later(redeliveryDelayMs, () => {
        hidden -= again.length;
        if (fifo) busyGroups.delete(group!);
        show(again);
      });
    } else if (fifo) busyGroups.delete(group!);
    pump();
  }

  return {
    name,
    fifo,
    /**
     * `SendMessage` (a body alone, or with its parameters): accepted at once and delivered on its own. The endpoint
     * checks the parameters (sqs-endpoint.ts); a FIFO duplicate answers the first message's id and is not queued.
     */
    send(given: SendInput | string): SendResult {
      const input = typeof given === 'string' ? { body: given } : given;
      const md5 = createHash('md5').update(input.body, 'utf8').digest('hex');
      const now = Date.now();
      let key: string | undefined;
      if (fifo) {
        for (const [k, seen] of deduplication) if (now - seen.at >= DEDUPLICATION_WINDOW_MS) deduplication.delete(k);
        key = `${input.groupId}\u0000${input.deduplicationId}`;
        const first = deduplication.get(key);
        if (first) return { messageId: first.messageId, md5, sequenceNumber: first.sequenceNumber };
      }
      const m: Message = {
        id: randomUUID(),
        body: input.body,
        sentAt: now,
        receiveCount: 0,
        accountId: accountOf(input.body),
        groupId: input.groupId,
        deduplicationId: input.deduplicationId,
      };
      if (fifo) {
        sequence += 1n;
        m.sequenceNumber = String(sequence).padStart(20, '0');
        deduplication.set(key!, { messageId: m.id, sequenceNumber: m.sequenceNumber, at: now });
      }
      const delayMs = (input.delaySeconds ?? 0) * 1000;
      hidden += 1;
      const arrive = () => {
        hidden -= 1;
        show([m]);
      };
      if (delayMs > 0) later(delayMs, arrive);
      else setImmediate(arrive);
      return { messageId: m.id, md5, sequenceNumber: m.sequenceNumber };
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
      pump();
    },
    state(): QueueState {
      return {
        held: heldAll ? 'all' : [...heldAccounts],
        waiting: ready.length + hidden,
        inFlight,
        delivered,
        deadLetters: [...deadLetters],
      };
    },
    /** Shutdown: nothing more is delivered (what runs finishes on its own). */
    stop(): void {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

export type SqsQueue = ReturnType<typeof createSqsQueue>;

function accountOf(body: string): string | undefined {
  try {
    const value = JSON.parse(body) as { accountId?: unknown };
    return typeof value?.accountId === 'string' ? value.accountId : undefined;
  } catch {
    return undefined;
  }
}
