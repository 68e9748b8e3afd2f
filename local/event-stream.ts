/**
 * The local stand-in for a DynamoDB stream's event source mapping: tails the table's stream (DynamoDB Local serves
 * it) from LATEST on every open shard when `npm start` starts, keeps the records the consumer's filter lets through
 * (`auditEventStreamFilter`), and hands them to the consumer's handler (the fan-out) as `DynamoDBStreamEvent`s of at
 * most `batchSize` records, in order per shard, as Lambda would. Polls every `idlePollMs` when idle, at once again
 * after a full page. A closed shard is read to its end, then the stream is described again and its children are read
 * from their start (a split keeps order). A batch the handler reports failures for (`batchItemFailures`, by
 * SequenceNumber) is retried from the first failed record after `retryDelayMs`, a batch that throws from its start;
 * after `maxRetryAttempts` retries without progress its records are dropped with a logged line (the on-failure
 * destination's stand-in) and listed in `state().dropped`. Batches are not bisected.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { auditEventStreamFilter, type StreamConsumerDef } from '../shared/config/events.ts';
import { type FilterPattern, matchesFilter, unsupportedFilter } from './event-filter.ts';
import { lazyHandler } from './handler-loader.ts';
import { lambdaContext } from './lambda-event.ts';
import type { IteratorPosition, StreamReader, StreamShard } from './stream-reader.ts';

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse | undefined>;

/** GetRecords' largest page. */
const READ_LIMIT = 1000;
const READ_FAILURE_DELAY_MS = 1000;

export interface EventStreamOptions {
  reader: StreamReader;
  consumer: StreamConsumerDef;
  root: string;
  /** The consumer's handler itself (tests); by default its handler file under `root`, loaded on first use. */
  handler?: StreamHandler;
  /** Default `auditEventStreamFilter`. */
  filter?: FilterPattern;
  log: (line: string) => void;
  /** Where each batch is told (`npm start` without --quiet); failures go to `log`. */
  trace?: (line: string) => void;
  idlePollMs?: number;
  retryDelayMs?: number;
  /**
   * How often the stream is described again for shards that opened since (default 1000 ms): a closed shard's children
   * may be listed only some time after it ends, and a tailer that looked once then would read nothing more.
   */
  discoverEveryMs?: number;
}

export interface DroppedBatch {
  shardId: string;
  sequenceNumbers: string[];
  attempts: number;
  reason: string;
  at: string;
}

export interface EventStreamState {
  streamArn: string | undefined;
  shards: { shardId: string; parentShardId?: string; status: 'reading' | 'ended'; lastSequenceNumber?: string }[];
  /** Records the handler took (not reported as failed). */
  delivered: number;
  /** Invocations that threw or reported a failure. */
  failedBatches: number;
  dropped: DroppedBatch[];
}

type ShardState = EventStreamState['shards'][number] & { iterator?: string; start: IteratorPosition };

const sequenceOf = (r: DynamoDBRecord): string => r.dynamodb?.SequenceNumber ?? '';

export function createEventStreamTailer(options: EventStreamOptions) {
  const { reader, consumer, log } = options;
  const filter = options.filter ?? (auditEventStreamFilter as unknown as FilterPattern);
  const problem = unsupportedFilter(filter);
  if (problem) throw new Error(`the stream filter cannot be applied locally: ${problem}`);
  const trace = options.trace ?? (() => {});
  const idlePollMs = options.idlePollMs ?? 100;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const discoverEveryMs = options.discoverEveryMs ?? 1000;
  const handler = options.handler
    ? () => Promise.resolve(options.handler!)
    : lazyHandler<StreamHandler>(options.root, consumer.name);

  let streamArn: string | undefined;
  const shards: ShardState[] = [];
  const known = new Set<string>();
  const loops = new Set<Promise<void>>();
  const sleepers = new Set<() => void>();
  let discovering: Promise<void> = Promise.resolve();
  let delivered = 0;
  let failedBatches = 0;
  const dropped: DroppedBatch[] = [];
  let stopped = false;
  let discoveryTimer: NodeJS.Timeout | undefined;

  /** Waits `ms`, or less when the tailer stops. */
  const wait = (ms: number) =>
    new Promise<void>((done) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        done();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  /** Hands one batch to the handler: the index of the first record to retry, or -1 when all went through. */
  async function invoke(batch: DynamoDBRecord[]): Promise<{ failedAt: number; reason?: string }> {
    try {
      const context = lambdaContext(`switchboard-local-${consumer.name}`, consumer.timeoutSeconds * 1000);
      const out = await (await handler())({ Records: batch }, context);
      const ids = (out?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
      if (!ids.length) return { failedAt: -1 };
      const at = ids.map((id) => batch.findIndex((r) => sequenceOf(r) === id));
      // an identifier that is no record of the batch fails the whole batch, as in Lambda
      const failedAt = at.some((i) => i < 0) ? 0 : Math.min(...at);
      return { failedAt, reason: `record ${sequenceOf(batch[failedAt])} reported as failed` };
    } catch (err) {
      // the error's first line (Lambda would log its stack in the function's log)
      const error = err as Error;
      return { failedAt: 0, reason: `${error?.name ?? 'Error'}: ${String(error?.message ?? err).split('\n')[0]}` };
    }
  }

  /** Delivers a page's matching records in batches, retrying failed ones; returns when each went through or was dropped. */
  async function deliverAll(shard: ShardState, records: DynamoDBRecord[]): Promise<void> {
    let pending = records;
    let attempts = 0;
    let failingAt: string | undefined;
    while (pending.length && !stopped) {
      const batch = pending.slice(0, consumer.batchSize);
      trace(`[event stream] ${batch.length} record(s) of shard ${shard.shardId} to ${consumer.name}`);
      const { failedAt, reason } = await invoke(batch);
      if (failedAt < 0) {
        delivered += batch.length;
        pending = pending.slice(batch.length);
        continue;
      }
      failedBatches += 1;
      delivered += failedAt;
      pending = pending.slice(failedAt);
      const from = sequenceOf(pending[0]);
      // retries count while the batch makes no progress; a later first failure is a new batch
      attempts = from === failingAt ? attempts + 1 : 1;
      failingAt = from;
      if (attempts > consumer.maxRetryAttempts) {
        const lost = batch.slice(failedAt);
        dropped.push({
          shardId: shard.shardId,
          sequenceNumbers: lost.map(sequenceOf),
          attempts,
          reason: reason ?? 'failed',
          at: new Date().toISOString(),
        });
        log(
          `[event stream] ${lost.length} record(s) of shard ${shard.shardId} (${from}…) dropped after ${attempts} attempts: ${reason}`,
        );
        pending = pending.slice(lost.length);
        attempts = 0;
        failingAt = undefined;
        continue;
      }
      log(`[event stream] ${consumer.name} failed from record ${from} (${reason}); again in ${retryDelayMs} ms`);
      await wait(retryDelayMs);
    }
  }

  async function reposition(shard: ShardState): Promise<void> {
    const position: IteratorPosition = shard.lastSequenceNumber
      ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: shard.lastSequenceNumber }
      : shard.start;
    shard.iterator = await reader.iterator(streamArn!, shard.shardId, position);
  }

  async function tail(shard: ShardState): Promise<void> {
    while (!stopped) {
      let page: Awaited<ReturnType<StreamReader['records']>>;
      try {
        if (!shard.iterator) await reposition(shard);
        page = await reader.records(streamArn!, shard.iterator!, READ_LIMIT);
      } catch (err) {
        if (stopped) return;
        const name = (err as Error)?.name;
        // an expired or trimmed iterator is taken again from the last record read
        if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') shard.iterator = undefined;
        else log(`[event stream] reading shard ${shard.shardId} failed (${name}: ${(err as Error)?.message})`);
        await wait(READ_FAILURE_DELAY_MS);
        continue;
      }
      await deliverAll(
        shard,
        page.records.filter((r) => matchesFilter(filter, r)),
      );
      if (stopped) return;
      const last = page.records.at(-1);
      if (last) shard.lastSequenceNumber = sequenceOf(last);
      shard.iterator = page.next;
      if (!page.next) {
        shard.status = 'ended';
        await discover();
        return;
      }
      if (page.records.length < consumer.batchSize) await wait(idlePollMs);
    }
  }

  function begin(shard: StreamShard, start: IteratorPosition, iterator?: string): void {
    known.add(shard.shardId);
    const state: ShardState = {
      shardId: shard.shardId,
      parentShardId: shard.parentShardId,
      status: 'reading',
      start,
      iterator,
    };
    shards.push(state);
    const loop = tail(state).catch((err: unknown) => log(`[event stream] shard ${shard.shardId} stopped: ${err}`));
    loops.add(loop);
    void loop.finally(() => loops.delete(loop));
  }

  /** Describes the stream again and reads each new shard whose parent is read to its end (or unknown) from its start. */
  function discover(): Promise<void> {
    discovering = discovering.then(async () => {
      if (stopped) return;
      const reading = new Set(shards.filter((s) => s.status === 'reading').map((s) => s.shardId));
      for (const shard of await reader.shards(streamArn!))
        if (!known.has(shard.shardId) && !(shard.parentShardId && reading.has(shard.parentShardId)))
          begin(shard, { type: 'TRIM_HORIZON' });
    });
    const done = discovering.catch((err: unknown) => log(`[event stream] describing the stream failed: ${err}`));
    discovering = done;
    return done;
  }

  return {
    /** Finds the table's stream and starts reading every open shard from LATEST. */
    async start(): Promise<void> {
      streamArn = await reader.latestStreamArn();
      if (!streamArn) throw new Error('the table has no stream: the events-out fan-out cannot run');
      const all = await reader.shards(streamArn);
      for (const shard of all) known.add(shard.shardId);
      await Promise.all(
        all
          .filter((s) => !s.endingSequenceNumber)
          .map(async (s) =>
            begin(s, { type: 'LATEST' }, await reader.iterator(streamArn!, s.shardId, { type: 'LATEST' })),
          ),
      );
      // shards open later (a closed shard's children, listed some time after it ends): look again now and then
      const rediscover = () => {
        discoveryTimer = setTimeout(() => void discover().finally(() => !stopped && rediscover()), discoverEveryMs);
        discoveryTimer.unref();
      };
      rediscover();
    },
    /** Stops reading; resolves once each shard's current batch is done. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(discoveryTimer);
      for (const wake of [...sleepers]) wake();
      await Promise.allSettled([...loops]);
    },
    state(): EventStreamState {
      return {
        streamArn,
        shards: shards.map(({ shardId, parentShardId, status, lastSequenceNumber }) => ({
          shardId,
          parentShardId,
          status,
          lastSequenceNumber,
        })),
        delivered,
        failedBatches,
        dropped: [...dropped],
      };
    },
  };
}

export type EventStreamTailer = ReturnType<typeof createEventStreamTailer>;
