/** The fan-out function's handling of a stream batch (fanOutStream): records in order, a failure hands it back. */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { auditEventItem } from '#adapters/dynamodb/entities/audit-event.ts';
import type { AuditEvent } from '#domain/audit.ts';
import { fanOutEvents } from '#use-cases/event-fan-out.ts';
import { fanOutStream } from '../../functions/wiring/webhook-batches.ts';
import { MemoryBus, MemoryDeliveries, MemoryQueue, MemoryWebhooks } from '../fakes/memory-event-pipeline.ts';
import { TestClock } from '../fakes/memory.ts';

const event = (n: number, patch: Partial<AuditEvent> = {}): AuditEvent => ({
  id: `01JEVENT${String(n).padStart(18, '0')}`,
  accountId: 'acctA',
  type: 'user.created',
  at: '2026-11-22T08:00:00.000Z',
  actor: { kind: 'user', userId: 'm1' },
  target: { userId: `u${n}` },
  details: { email: `u${n}@acme.example`, changed: ['firstName'] },
  ...patch,
});

const record = (e: AuditEvent, sequence: string): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: sequence,
    NewImage: marshall(auditEventItem(e), { removeUndefinedValues: true }) as never,
  },
});

const stream = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

describe('a stream batch', () => {
  it('hands the audit events over in record order, as they were written', async () => {
    const events = [event(1), event(2, { type: 'user.deactivated', unitPath: '/root/' }), event(3)];
    const seen: AuditEvent[][] = [];
    const out = await fanOutStream(stream(...events.map((e, i) => record(e, `10${i}`))), async (got) => {
      seen.push(got);
      return { events: got.length, deliveries: 0, created: 0 };
    });
    expect(out).toEqual({ batchItemFailures: [] });
    expect(seen).toHaveLength(1);
    // as the audit store reads them (an absent unit path reads as null)
    expect(seen[0]).toMatchObject(events);
    expect(seen[0].map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('a failure in the first chunk hands the batch back from its first record', async () => {
    const out = await fanOutStream(stream(record(event(1), '200'), record(event(2), '201')), async () => {
      throw new Error('DynamoDB unavailable');
    });
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }] });
  });

  it('records that are not new audit events are left out', async () => {
    const modify: DynamoDBRecord = { ...record(event(1), '300'), eventName: 'MODIFY' };
    const other: DynamoDBRecord = {
      eventName: 'INSERT',
      dynamodb: { SequenceNumber: '301', NewImage: marshall({ PK: 'x', SK: 'y', entity: 'User' }) as never },
    };
    const seen: AuditEvent[] = [];
    await fanOutStream(stream(modify, other, record(event(2), '302')), async (got) => {
      seen.push(...got);
      return { events: got.length, deliveries: 0, created: 0 };
    });
    expect(seen.map((e) => e.id)).toEqual([event(2).id]);
  });
});

describe('a stream batch in chunks (partial batch failures retry only what failed)', () => {
  it('a failure in the third chunk reports its first record; earlier records are on the bus and queued', async () => {
    const webhooks = new MemoryWebhooks();
    webhooks.put({
      id: 'w1',
      accountId: 'acctA',
      url: 'https://hooks.example.com/in',
      eventTypes: ['user.*'],
      status: 'enabled',
      secrets: [],
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
      version: 1,
    });
    const deliveries = new MemoryDeliveries();
    const queue = new MemoryQueue();
    const bus = new MemoryBus();
    const deps = { webhooks, deliveries, queue, bus, clock: new TestClock() };
    const events = Array.from({ length: 25 }, (_, i) => event(500 + i));
    const records = events.map((e, i) => record(e, String(5000 + i)));
    let calls = 0;
    const out = await fanOutStream(stream(...records), async (got) => {
      calls += 1;
      bus.fail = calls === 3;
      return fanOutEvents(deps, got);
    });
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: '5020' }] });
    const done = events.slice(0, 20).map((e) => e.id);
    expect(bus.published.map((e) => e.id)).toEqual(done);
    expect(queue.first.map((d) => d.id)).toEqual(done);
    expect(queue.firstCalls.map((c) => c.length)).toEqual([10, 10]);

    // Lambda hands the batch over again from the reported record: the rest goes through
    bus.fail = false;
    const again = await fanOutStream(stream(...records.slice(20)), (got) => fanOutEvents(deps, got));
    expect(again).toEqual({ batchItemFailures: [] });
    expect(queue.first.map((d) => d.id)).toEqual(events.map((e) => e.id));
  });

  it('a batch that goes through reports nothing, each chunk in order (control)', async () => {
    const seen: string[][] = [];
    const events = Array.from({ length: 23 }, (_, i) => event(600 + i));
    const out = await fanOutStream(stream(...events.map((e, i) => record(e, String(6000 + i)))), async (got) => {
      seen.push(got.map((e) => e.id));
      return { events: got.length, deliveries: 0, created: 0 };
    });
    expect(out).toEqual({ batchItemFailures: [] });
    expect(seen.map((c) => c.length)).toEqual([10, 10, 3]);
    expect(seen.flat()).toEqual(events.map((e) => e.id));
  });
});
