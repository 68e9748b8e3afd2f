/**
 * The local SQS queues behind the webhook deliveries (local/sqs-queue.ts, local/sqs-endpoint.ts,
 * local/webhook-queues.ts): FIFO groups one batch at a time and in order while groups run side by side, per-group
 * deduplication for five minutes, delays, batchItemFailures redelivered, dead letters after maxReceiveCount, and the
 * SendMessage / SendMessageBatch checks SQS makes.
 */
import { createHash } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { webhookDelivery } from '#config/events.ts';
import { answerSqsFor } from '../../local/sqs-endpoint.ts';
import { createSqsQueue, type WorkerHandler } from '../../local/sqs-queue.ts';
import { createWebhookQueues, webhookQueueUrls } from '../../local/webhook-queues.ts';

const worker = { name: 'deliverWebhooks', timeoutSeconds: 60, maxReceiveCount: 3 };
const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};
const bodies = (event: SQSEvent) => event.Records.map((r) => r.body);

function queue(name: string, handler: WorkerHandler, batchSize = 10) {
  const lines: string[] = [];
  const q = createSqsQueue({
    name,
    worker,
    root: '/nowhere',
    batchSize,
    log: (l) => lines.push(l),
    redeliveryDelayMs: 1,
    handler,
  });
  return { q, lines };
}

/** A handler whose deliveries wait until released, one by one; records what each batch carried. */
function gatedHandler() {
  const batches: string[][] = [];
  const gates: (() => void)[] = [];
  const handler: WorkerHandler = async (event) => {
    batches.push(bodies(event));
    await new Promise<void>((open) => gates.push(open));
    return { batchItemFailures: [] };
  };
  return { handler, batches, releaseNext: () => gates.shift()?.() };
}

afterEach(() => vi.restoreAllMocks());

describe('a local FIFO queue', () => {
  it("delivers one group's messages one batch at a time and in order, other groups at the same time", async () => {
    const { handler, batches, releaseNext } = gatedHandler();
    const { q } = queue('deliveries.fifo', handler, 2);
    for (const body of ['a1', 'a2', 'a3']) q.send({ body, groupId: 'a', deduplicationId: body });
    for (const body of ['b1', 'b2']) q.send({ body, groupId: 'b', deduplicationId: body });
    // both groups are out at once; a3 waits for its group's first batch
    await until(() => batches.length === 2);
    expect(batches).toEqual([
      ['a1', 'a2'],
      ['b1', 'b2'],
    ]);
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toHaveLength(2);
    expect(q.state()).toMatchObject({ inFlight: 4, waiting: 1 });
    releaseNext();
    await until(() => batches.length === 3);
    expect(batches[2]).toEqual(['a3']);
    releaseNext();
    releaseNext();
    await until(() => q.state().delivered === 5);
  });

  it('holds a group behind a failed message until it is delivered again, then goes on in order', async () => {
    const seen: string[] = [];
    const { q, lines } = queue(
      'deliveries.fifo',
      async (event) => {
        const r = event.Records[0];
        seen.push(`${r.body}#${r.attributes.ApproximateReceiveCount}`);
        expect(r.attributes).toMatchObject({ MessageGroupId: 'g', MessageDeduplicationId: r.body });
        if (r.body === 'first' && r.attributes.ApproximateReceiveCount === '1')
          return { batchItemFailures: [{ itemIdentifier: r.messageId }] };
        return { batchItemFailures: [] };
      },
      1,
    );
    q.send({ body: 'first', groupId: 'g', deduplicationId: 'first' });
    q.send({ body: 'second', groupId: 'g', deduplicationId: 'second' });
    await until(() => q.state().delivered === 2);
    expect(seen).toEqual(['first#1', 'first#2', 'second#1']);
    expect(lines.some((l) => l.includes('delivery 1 failed'))).toBe(true);
  });

  it('accepts and drops a duplicate of its group within five minutes (other groups and later are not duplicates)', async () => {
    const got: string[] = [];
    const { q } = queue('deliveries.fifo', async (event) => {
      got.push(...bodies(event));
      return { batchItemFailures: [] };
    });
    const first = q.send({ body: 'one', groupId: 'g', deduplicationId: 'd' });
    const again = q.send({ body: 'one again', groupId: 'g', deduplicationId: 'd' });
    expect(again.messageId).toBe(first.messageId);
    q.send({ body: 'other group', groupId: 'h', deduplicationId: 'd' });
    await until(() => q.state().delivered === 2);
    expect(got.sort()).toEqual(['one', 'other group']);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 5 * 60 * 1000 + 1);
    q.send({ body: 'five minutes on', groupId: 'g', deduplicationId: 'd' });
    await until(() => q.state().delivered === 3);
    expect(got).toContain('five minutes on');
  });
});

describe('a local standard queue', () => {
  it('delivers a delayed message only after its DelaySeconds', async () => {
    const delivered: number[] = [];
    const { q } = queue('retries', async () => {
      delivered.push(Date.now());
      return { batchItemFailures: [] };
    });
    const sentAt = Date.now();
    q.send({ body: 'later', delaySeconds: 1 });
    q.send({ body: 'now' });
    await until(() => delivered.length === 1);
    expect(q.state().waiting).toBe(1);
    await until(() => delivered.length === 2);
    expect(delivered[1] - sentAt).toBeGreaterThanOrEqual(990);
  });

  it('redelivers only the messages reported in batchItemFailures, all of them on a throw, and parks them after maxReceiveCount', async () => {
    const batches: string[][] = [];
    const { q, lines } = queue('retries', async (event) => {
      batches.push(bodies(event));
      if (bodies(event).includes('crash')) throw new Error('worker crashed');
      const failed = event.Records.filter((r) => r.body === 'bad');
      return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) };
    });
    for (const body of ['ok', 'bad', 'fine']) q.send({ body });
    await until(() => q.state().deadLetters.length === 1);
    expect(batches).toEqual([['ok', 'bad', 'fine'], ['bad'], ['bad']]);
    expect(q.state()).toMatchObject({ delivered: 2, deadLetters: [{ body: 'bad', receiveCount: 3 }] });
    expect(lines.some((l) => l.includes('parked as a dead letter after 3 deliveries'))).toBe(true);

    q.send({ body: 'crash' });
    await until(() => q.state().deadLetters.length === 2);
    expect(batches.slice(3)).toEqual([['crash'], ['crash'], ['crash']]);
  });
});

describe('the local SQS endpoint', () => {
  const fifoUrl = 'http://127.0.0.1:1/__sqs/000000000000/deliveries.fifo';
  const standardUrl = 'http://127.0.0.1:1/__sqs/000000000000/retries';
  const sent: { queue: string; body: string; groupId?: string }[] = [];
  const fake = (name: string, fifo: boolean) => ({
    fifo,
    send: (input: { body: string; groupId?: string }) => {
      sent.push({ queue: name, body: input.body, groupId: input.groupId });
      return { messageId: `m${sent.length}`, md5: createHash('md5').update(input.body).digest('hex') };
    },
  });
  const queues = [
    { url: fifoUrl, queue: fake('fifo', true) },
    { url: standardUrl, queue: fake('standard', false) },
  ];
  const call = (action: string, input: unknown) => {
    const out = answerSqsFor(queues, `AmazonSQS.${action}`, Buffer.from(JSON.stringify(input)));
    return { status: out.statusCode, body: JSON.parse(out.body) };
  };

  it('takes a batch in order, each entry checked as SQS checks it', () => {
    sent.length = 0;
    const out = call('SendMessageBatch', {
      QueueUrl: fifoUrl,
      Entries: [
        { Id: 'a', MessageBody: 'one', MessageGroupId: 'g', MessageDeduplicationId: '1' },
        { Id: 'b', MessageBody: 'two', MessageDeduplicationId: '2' },
        { Id: 'c', MessageBody: 'three', MessageGroupId: 'g' },
        { Id: 'd', MessageBody: 'four', MessageGroupId: 'g', MessageDeduplicationId: '4', DelaySeconds: 5 },
        { Id: 'e', MessageBody: 'five', MessageGroupId: 'g', MessageDeduplicationId: '5' },
      ],
    });
    expect(out.status).toBe(200);
    expect(out.body.Successful).toEqual([
      expect.objectContaining({ Id: 'a', MD5OfMessageBody: createHash('md5').update('one').digest('hex') }),
      expect.objectContaining({ Id: 'e' }),
    ]);
    expect(out.body.Failed.map((f: { Id: string; Code: string }) => `${f.Id}:${f.Code}`)).toEqual([
      'b:MissingParameter',
      'c:InvalidParameterValue',
      'd:InvalidParameterValue',
    ]);
    expect(sent.map((s) => s.body)).toEqual(['one', 'five']);
  });

  it('serves delays and refuses what a standard queue does not take', () => {
    expect(call('SendMessage', { QueueUrl: standardUrl, MessageBody: 'x', DelaySeconds: 900 }).status).toBe(200);
    expect(call('SendMessage', { QueueUrl: standardUrl, MessageBody: 'x', DelaySeconds: 901 }).status).toBe(400);
    expect(
      call('SendMessage', { QueueUrl: standardUrl, MessageBody: 'x', MessageDeduplicationId: 'd' }).body.__type,
    ).toContain('InvalidParameterValue');
    expect(call('SendMessage', { QueueUrl: `${standardUrl}x`, MessageBody: 'x' }).body.__type).toContain(
      'QueueDoesNotExist',
    );
  });

  it('refuses a batch SQS refuses whole', () => {
    const entry = (id: string) => ({ Id: id, MessageBody: 'x' });
    const refused = (input: unknown) => call('SendMessageBatch', input).body.__type as string;
    expect(refused({ QueueUrl: standardUrl, Entries: [] })).toContain('EmptyBatchRequest');
    expect(refused({ QueueUrl: standardUrl, Entries: Array.from({ length: 11 }, (_, i) => entry(`e${i}`)) })).toContain(
      'TooManyEntriesInBatchRequest',
    );
    expect(refused({ QueueUrl: standardUrl, Entries: [entry('a'), entry('a')] })).toContain('BatchEntryIdsNotDistinct');
    expect(call('SendMessageBatch', { QueueUrl: standardUrl, Entries: [entry('a'), entry('b')] }).status).toBe(200);
    expect(call('ReceiveMessage', { QueueUrl: standardUrl }).body.__type).toContain('UnsupportedOperation');
  });
});

describe('the webhook queues of npm start', () => {
  it('are a FIFO queue for first attempts and a standard one for retries, both for the delivery worker', async () => {
    const events: SQSEvent[] = [];
    const queues = createWebhookQueues({
      root: '/nowhere',
      log: () => {},
      handler: async (event) => {
        events.push(event);
        return { batchItemFailures: [] };
      },
    });
    expect([queues.first.fifo, queues.retries.fifo]).toEqual([true, false]);
    expect(webhookQueueUrls('http://127.0.0.1:3000')).toEqual({
      first: 'http://127.0.0.1:3000/__sqs/000000000000/switchboard-local-webhooks.fifo',
      retries: 'http://127.0.0.1:3000/__sqs/000000000000/switchboard-local-webhook-retries',
    });
    for (let i = 0; i < webhookDelivery.batchSize + 2; i++)
      queues.first.send({ body: `m${i}`, groupId: 'g', deduplicationId: `m${i}` });
    await until(() => queues.first.state().delivered === webhookDelivery.batchSize + 2);
    expect(events.map((e) => e.Records.length)).toEqual([webhookDelivery.batchSize, 2]);
    expect(events[0].Records[0].eventSourceARN).toMatch(/:switchboard-local-webhooks\.fifo$/);
  });
});
