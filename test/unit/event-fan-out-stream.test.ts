/** The fan-out function's handling of a stream batch (fanOutStream): records in order, a failure hands it back. */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { auditEventItem } from '#adapters/dynamodb/entities/audit-event.ts';
import type { AuditEvent } from '#domain/audit.ts';
import { fanOutStream } from '../../functions/wiring/webhook-batches.ts';

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

  it('a failure hands the batch back from its first record', async () => {
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
