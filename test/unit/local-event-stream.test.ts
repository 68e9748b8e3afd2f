/**
 * The local stand-in for the fan-out's stream event source mapping (local/event-stream.ts) over an in-memory stream:
 * the ESM filter applied as Lambda applies it, reading from LATEST, batches of at most batchSize in order, retries
 * from the record the handler reports, a batch that throws retried whole and dropped after maxRetryAttempts, a closed
 * shard followed by its children. The same tailer against DynamoDB Local: test/integration/platform/event-stream.test.ts.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { auditEventStreamFilter, type StreamConsumerDef } from '#config/events.ts';
import { type FilterPattern, matchesFilter, unsupportedFilter } from '../../local/event-filter.ts';
import { createEventStreamTailer, type StreamHandler } from '../../local/event-stream.ts';
import { lambdaRecord, type StreamReader } from '../../local/stream-reader.ts';

const ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/switchboard/stream/2026-01-01T00:00:00.000';
const filter = auditEventStreamFilter as unknown as FilterPattern;

const consumer: StreamConsumerDef = {
  name: 'fanOutEvents',
  area: 'webhooks',
  grants: [],
  batchSize: 3,
  maxBatchingWindowSeconds: 0,
  maxRetryAttempts: 2,
  timeoutSeconds: 60,
  memoryMb: 128,
  summary: 'test',
};

const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', entity: string | undefined, seq = '1'): DynamoDBRecord => ({
  eventID: `e${seq}`,
  eventName,
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'ddblocal',
  dynamodb: {
    ApproximateCreationDateTime: 1_700_000_000,
    Keys: { PK: { S: 'ACCOUNT#a#EVENTS' }, SK: { S: `EVENT#${seq}` } },
    ...(entity === undefined ? {} : { NewImage: { PK: { S: 'ACCOUNT#a#EVENTS' }, entity: { S: entity } } }),
    SequenceNumber: seq.padStart(21, '0'),
    SizeBytes: 40,
    StreamViewType: 'NEW_IMAGE',
  },
  eventSourceARN: ARN,
});

/** An in-memory stream: shards of records, iterators `<shard>|<index>`, a shard closed when told. */
function fakeStream() {
  const shards: { shardId: string; parentShardId?: string; records: DynamoDBRecord[]; closed: boolean }[] = [];
  let seq = 0;
  const shard = (shardId: string) => shards.find((s) => s.shardId === shardId)!;
  const reader: StreamReader = {
    latestStreamArn: async () => ARN,
    shards: async () =>
      shards.map((s) => ({
        shardId: s.shardId,
        parentShardId: s.parentShardId,
        endingSequenceNumber: s.closed ? String(seq).padStart(21, '0') : undefined,
      })),
    iterator: async (_arn, shardId, position) => {
      const s = shard(shardId);
      const after = 'sequenceNumber' in position ? position.sequenceNumber : undefined;
      const at =
        position.type === 'LATEST'
          ? s.records.length
          : after === undefined
            ? 0
            : s.records.findIndex((r) => r.dynamodb?.SequenceNumber === after) + 1;
      return `${shardId}|${at}`;
    },
    records: async (_arn, iterator, limit) => {
      const [shardId, at] = iterator.split('|');
      const s = shard(shardId);
      const records = s.records.slice(Number(at), Number(at) + limit);
      const end = Number(at) + records.length;
      return { records, next: s.closed && end >= s.records.length ? undefined : `${shardId}|${end}` };
    },
  };
  return {
    reader,
    addShard(shardId: string, parentShardId?: string) {
      shards.push({ shardId, parentShardId, records: [], closed: false });
    },
    /** Appends a record; returns its sequence number. */
    put(
      shardId: string,
      eventName: 'INSERT' | 'MODIFY' | 'REMOVE' = 'INSERT',
      entity: string | undefined = 'AuditEvent',
    ) {
      seq += 1;
      const r = record(eventName, entity, String(seq));
      shard(shardId).records.push(r);
      return r.dynamodb!.SequenceNumber!;
    },
    close(shardId: string) {
      shard(shardId).closed = true;
    },
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};
const sequences = (event: DynamoDBStreamEvent) => event.Records.map((r) => r.dynamodb!.SequenceNumber!);

function tailerOver(stream: ReturnType<typeof fakeStream>, handler: StreamHandler) {
  const lines: string[] = [];
  const tailer = createEventStreamTailer({
    reader: stream.reader,
    consumer,
    root: '/nowhere',
    handler,
    log: (l) => lines.push(l),
    idlePollMs: 1,
    retryDelayMs: 1,
    discoverEveryMs: 5,
  });
  return { tailer, lines };
}

describe('the stream filter, applied locally as the event source mapping applies it', () => {
  it('lets new audit events through, and nothing else', () => {
    expect(matchesFilter(filter, record('INSERT', 'AuditEvent'))).toBe(true);
    expect(matchesFilter(filter, record('MODIFY', 'AuditEvent'))).toBe(false);
    expect(matchesFilter(filter, record('INSERT', 'User'))).toBe(false);
    expect(matchesFilter(filter, record('REMOVE', undefined))).toBe(false);
  });

  it('matches any pattern of value lists by shape, and refuses content filters it cannot serve', () => {
    const pattern: FilterPattern = { a: { b: ['x', 'y'] }, c: [1] };
    expect(matchesFilter(pattern, { a: { b: 'y' }, c: 1, d: 'other' })).toBe(true);
    expect(matchesFilter(pattern, { a: { b: 'z' }, c: 1 })).toBe(false);
    expect(matchesFilter(pattern, { a: 'b', c: 1 })).toBe(false);
    expect(unsupportedFilter(filter)).toBeUndefined();
    expect(unsupportedFilter({ a: [{ prefix: 'x' }] } as unknown as FilterPattern)).toContain('content filters');
    expect(() =>
      createEventStreamTailer({
        reader: fakeStream().reader,
        consumer,
        root: '/nowhere',
        filter: { a: [] },
        log: () => {},
      }),
    ).toThrow(/cannot be applied locally/);
  });
});

describe('a stream record as Lambda hands it over', () => {
  it('has its creation time in epoch seconds, binary in base64, and an empty map as a map', () => {
    const r = lambdaRecord(
      {
        eventID: 'e1',
        eventName: 'INSERT',
        dynamodb: {
          ApproximateCreationDateTime: new Date('2026-01-01T00:00:01.000Z'),
          Keys: { PK: { S: 'p' } },
          // DynamoDB Local writes an empty map as {}
          NewImage: {
            PK: { S: 'p' },
            empty: {} as never,
            nested: { L: [{ M: {} }] },
            bytes: { B: Uint8Array.of(1, 2) },
          },
          SequenceNumber: '7',
          StreamViewType: 'NEW_IMAGE',
        },
      },
      ARN,
    );
    expect(r).toMatchObject({
      eventSourceARN: ARN,
      dynamodb: {
        ApproximateCreationDateTime: 1_767_225_601,
        NewImage: { empty: { M: {} }, nested: { L: [{ M: {} }] }, bytes: { B: 'AQI=' } },
        SequenceNumber: '7',
      },
    });
  });
});

describe('the local stream tailer', () => {
  it('reads from LATEST, passes only matching records, in order, in batches of at most batchSize', async () => {
    const stream = fakeStream();
    stream.addShard('s1');
    stream.put('s1'); // before the start: not read
    const events: DynamoDBStreamEvent[] = [];
    const { tailer } = tailerOver(stream, async (event) => {
      events.push(event);
      return { batchItemFailures: [] };
    });
    await tailer.start();
    const wanted: string[] = [];
    for (let i = 0; i < 7; i++) {
      wanted.push(stream.put('s1'));
      stream.put('s1', 'MODIFY');
      stream.put('s1', 'INSERT', 'Webhook');
    }
    await until(() => tailer.state().delivered === 7);
    expect(events.flatMap(sequences)).toEqual(wanted);
    expect(events.map((e) => e.Records.length)).toEqual([3, 3, 1]);
    expect(events[0].Records[0]).toMatchObject({ eventName: 'INSERT', eventSourceARN: ARN });
    expect(tailer.state()).toMatchObject({ streamArn: ARN, failedBatches: 0, shards: [{ shardId: 's1' }] });
    await tailer.stop();
  });

  it('retries from the record the handler reports as failed, not the records before it', async () => {
    const stream = fakeStream();
    stream.addShard('s1');
    const seen: string[][] = [];
    let failOnce: string | undefined;
    const { tailer, lines } = tailerOver(stream, async (event) => {
      seen.push(sequences(event));
      if (failOnce && sequences(event).includes(failOnce)) {
        const id = failOnce;
        failOnce = undefined;
        return { batchItemFailures: [{ itemIdentifier: id }] };
      }
      return { batchItemFailures: [] };
    });
    await tailer.start();
    const [a, b, c] = [stream.put('s1'), stream.put('s1'), stream.put('s1')];
    failOnce = b;
    await until(() => tailer.state().delivered === 3);
    expect(seen).toEqual([
      [a, b, c],
      [b, c],
    ]);
    expect(tailer.state()).toMatchObject({ failedBatches: 1, dropped: [] });
    expect(lines.some((l) => l.includes(`failed from record ${b}`))).toBe(true);
    await tailer.stop();
  });

  it('retries a batch that throws, drops it after maxRetryAttempts with a logged line, and goes on', async () => {
    const stream = fakeStream();
    stream.addShard('s1');
    let poison: string | undefined;
    const calls: string[][] = [];
    const { tailer, lines } = tailerOver(stream, async (event) => {
      calls.push(sequences(event));
      if (sequences(event).includes(poison!)) throw new Error('DynamoDB is down');
      return { batchItemFailures: [] };
    });
    await tailer.start();
    poison = stream.put('s1');
    await until(() => tailer.state().dropped.length === 1);
    // the first attempt and maxRetryAttempts (2) retries
    expect(calls).toEqual([[poison], [poison], [poison]]);
    expect(tailer.state().dropped[0]).toMatchObject({ sequenceNumbers: [poison], attempts: 3, shardId: 's1' });
    expect(tailer.state().dropped[0].reason).toContain('DynamoDB is down');
    expect(lines.some((l) => l.includes('dropped after 3 attempts'))).toBe(true);
    const next = stream.put('s1');
    await until(() => tailer.state().delivered === 1);
    expect(calls.at(-1)).toEqual([next]);
    await tailer.stop();
  });

  it('reads a closed shard to its end, then its children from their start', async () => {
    const stream = fakeStream();
    stream.addShard('parent');
    const got: string[] = [];
    const { tailer } = tailerOver(stream, async (event) => {
      got.push(...sequences(event));
      return { batchItemFailures: [] };
    });
    await tailer.start();
    const before = stream.put('parent');
    stream.addShard('child', 'parent');
    // written to the child before the parent is read to its end: still delivered after the parent's
    const after = stream.put('child');
    stream.close('parent');
    await until(() => got.length === 2);
    expect(got).toEqual([before, after]);
    expect(tailer.state().shards).toEqual([
      expect.objectContaining({ shardId: 'parent', status: 'ended' }),
      expect.objectContaining({ shardId: 'child', parentShardId: 'parent', status: 'reading' }),
    ]);
    await tailer.stop();
  });

  it('reads a child shard listed only after its parent ended (the stream is described again until it appears)', async () => {
    const stream = fakeStream();
    stream.addShard('parent');
    const got: string[] = [];
    const { tailer } = tailerOver(stream, async (event) => {
      got.push(...sequences(event));
      return { batchItemFailures: [] };
    });
    await tailer.start();
    const before = stream.put('parent');
    stream.close('parent');
    await until(() => got.length === 1);
    await until(() => tailer.state().shards[0]?.status === 'ended');
    // the child shows up later: a tailer that described the stream only when its parent ended would miss it
    await new Promise((r) => setTimeout(r, 20));
    stream.addShard('child', 'parent');
    const after = stream.put('child');
    await until(() => got.length === 2);
    expect(got).toEqual([before, after]);
    await tailer.stop();
  });

  it('stops: nothing is delivered after stop() resolved', async () => {
    const stream = fakeStream();
    stream.addShard('s1');
    let calls = 0;
    const { tailer } = tailerOver(stream, async () => {
      calls += 1;
      return { batchItemFailures: [] };
    });
    await tailer.start();
    stream.put('s1');
    await until(() => calls === 1);
    await tailer.stop();
    stream.put('s1');
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBe(1);
  });
});
