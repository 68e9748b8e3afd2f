/** The delivery function's handling of a queue batch (deliverBatch): FIFO groups in order, groups at once. */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  deliverBatch,
  parseWorkMessage,
  retryScheduleFrom,
  type WorkMessage,
} from '../../functions/wiring/webhook-batches.ts';

const sqsRecord = (id: string, group: string | undefined, body: unknown): SQSRecord =>
  ({
    messageId: id,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: group ? { MessageGroupId: group } : {},
  }) as SQSRecord;
const delivery = (id: string) => ({ accountId: 'a', webhookId: 'w', deliveryId: id, version: 1 });
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

describe('a queue batch', () => {
  it('runs the messages of a group in order, and a failure fails the rest of that group only', async () => {
    const ran: string[] = [];
    const out = await deliverBatch(
      batch(
        sqsRecord('m1', 'g1', delivery('d1')),
        sqsRecord('m2', 'g2', delivery('d2')),
        sqsRecord('m3', 'g1', delivery('d3')),
        sqsRecord('m4', 'g1', delivery('d4')),
        sqsRecord('m5', 'g2', delivery('d5')),
      ),
      async (m, messageId) => {
        const id = (m as { deliveryId: string }).deliveryId;
        // each message with its queue id (recorded with an attempt: its redelivery is recognised)
        expect(messageId).toBe(`m${id.slice(1)}`);
        ran.push(id);
        if (id === 'd3') throw new Error('DynamoDB unavailable');
        return 'succeeded';
      },
    );
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm3' }, { itemIdentifier: 'm4' }]);
    expect(ran).not.toContain('d4');
    expect(ran.filter((d) => ['d1', 'd3'].includes(d))).toEqual(['d1', 'd3']);
    expect(ran.filter((d) => ['d2', 'd5'].includes(d))).toEqual(['d2', 'd5']);
  });

  it('runs different groups at once: one waiting does not hold another', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const ran: string[] = [];
    const done = deliverBatch(
      batch(sqsRecord('m1', 'g1', delivery('slow')), sqsRecord('m2', 'g2', delivery('fast'))),
      async (m) => {
        const id = (m as { deliveryId: string }).deliveryId;
        if (id === 'slow') await held;
        ran.push(id);
        return 'succeeded';
      },
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(ran).toEqual(['fast']);
    release();
    expect(await done).toEqual({ batchItemFailures: [] });
    expect(ran).toEqual(['fast', 'slow']);
  });

  it('retry-queue messages (no group) are independent; a body that is none of ours is dropped', async () => {
    const ran: WorkMessage[] = [];
    const out = await deliverBatch(
      batch(
        sqsRecord('m1', undefined, delivery('d1')),
        sqsRecord('m2', undefined, 'not json'),
        sqsRecord('m3', undefined, { kind: 'replay', accountId: 'a', webhookId: 'w', since: '2026-11-01T00:00:00Z' }),
      ),
      async (m) => {
        ran.push(m);
        if ('deliveryId' in m) throw new Error('boom');
        return 'replayed';
      },
    );
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(ran).toHaveLength(2);
  });
});

describe('the messages and settings', () => {
  it('a delivery message and a replay message parse; anything else is null', () => {
    expect(parseWorkMessage(JSON.stringify(delivery('d1')))).toEqual(delivery('d1'));
    expect(parseWorkMessage('{"accountId":"a","webhookId":"w","deliveryId":"d"}')).toEqual({
      accountId: 'a',
      webhookId: 'w',
      deliveryId: 'd',
    });
    expect(
      parseWorkMessage('{"kind":"replay","accountId":"a","webhookId":"w","since":"2026-11-01T00:00:00Z","after":"e"}'),
    ).toEqual({ kind: 'replay', accountId: 'a', webhookId: 'w', since: '2026-11-01T00:00:00Z', after: 'e' });
    expect(parseWorkMessage('{"accountId":"a","webhookId":"w"}')).toBeNull();
    expect(parseWorkMessage('{"accountId":"a","webhookId":"w","deliveryId":"d","version":"1"}')).toBeNull();
    expect(parseWorkMessage('null')).toBeNull();
  });

  it('WEBHOOK_RETRY_SCHEDULE: whole seconds separated by commas, else the default; nonsense fails', () => {
    expect(retryScheduleFrom(undefined, [5, 60])).toEqual([5, 60]);
    expect(retryScheduleFrom('1, 1,1', [5, 60])).toEqual([1, 1, 1]);
    expect(() => retryScheduleFrom('5,soon', [5])).toThrow('WEBHOOK_RETRY_SCHEDULE');
  });
});
