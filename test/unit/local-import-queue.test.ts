/**
 * The local import queue behind `npm start`: SQS's SendMessage answered with the body's MD5 (the SDK checks it),
 * each message delivered to the worker as an SQSEvent, a failed delivery retried, parked after maxReceiveCount, and
 * delivery held and released (all of it, or one account's).
 */
import { createHash } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { QueueWorkerDef } from '#config/jobs.ts';
import { answerSqs, createLocalQueue, type WorkerHandler } from '../../local/import-queue.ts';

const worker: QueueWorkerDef = {
  name: 'testWorker',
  area: 'imports',
  grants: [],
  queueUrlSetting: 'IMPORT_QUEUE_URL',
  timeoutSeconds: 60,
  memoryMb: 128,
  maxReceiveCount: 3,
  maxConcurrency: 2,
  summary: 'test',
};
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

function queueWith(handler: WorkerHandler) {
  const lines: string[] = [];
  const queue = createLocalQueue({
    root: '/nowhere',
    worker,
    log: (l) => lines.push(l),
    redeliveryDelayMs: 1,
    handler,
  });
  return { queue, lines };
}

describe('the local import queue', () => {
  it('answers SendMessage with the MD5 of the body, and only for its own queue URL', () => {
    const { queue } = queueWith(async () => ({ batchItemFailures: [] }));
    const url = 'http://127.0.0.1:1/__sqs/000000000000/q';
    const body = JSON.stringify({ accountId: 'a', importId: 'i' });
    const sent = answerSqs(
      queue,
      'AmazonSQS.SendMessage',
      Buffer.from(JSON.stringify({ QueueUrl: url, MessageBody: body })),
      url,
    );
    expect(sent.statusCode).toBe(200);
    expect(JSON.parse(sent.body).MD5OfMessageBody).toBe(createHash('md5').update(body).digest('hex'));
    const elsewhere = answerSqs(
      queue,
      'AmazonSQS.SendMessage',
      Buffer.from(JSON.stringify({ QueueUrl: `${url}x`, MessageBody: body })),
      url,
    );
    expect(elsewhere.statusCode).toBe(400);
    expect(JSON.parse(elsewhere.body).__type).toContain('QueueDoesNotExist');
    expect(answerSqs(queue, 'AmazonSQS.DeleteQueue', Buffer.from('{}'), url).statusCode).toBe(400);
  });

  it('delivers each message as an SQSEvent, again after a failure, and parks it after maxReceiveCount', async () => {
    const seen: SQSEvent[] = [];
    const { queue, lines } = queueWith(async (event) => {
      seen.push(event);
      const body = JSON.parse(event.Records[0].body) as { importId: string };
      if (body.importId === 'always') throw new Error('crashed');
      // "flaky" fails its first delivery only, reported as a batch item failure
      if (body.importId === 'flaky' && event.Records[0].attributes.ApproximateReceiveCount === '1')
        return { batchItemFailures: [{ itemIdentifier: event.Records[0].messageId }] };
      return { batchItemFailures: [] };
    });
    queue.send(JSON.stringify({ accountId: 'a', importId: 'ok' }));
    queue.send(JSON.stringify({ accountId: 'a', importId: 'flaky' }));
    queue.send(JSON.stringify({ accountId: 'a', importId: 'always' }));
    await until(() => queue.state().delivered === 2 && queue.state().deadLetters.length === 1);
    const deliveries = (id: string) => seen.filter((e) => e.Records[0].body.includes(`"${id}"`)).length;
    expect([deliveries('ok'), deliveries('flaky'), deliveries('always')]).toEqual([1, 2, 3]);
    expect(queue.state().deadLetters[0]).toMatchObject({ receiveCount: 3 });
    expect(lines.some((l) => l.includes('dead letter'))).toBe(true);
    expect(seen[0].Records[0]).toMatchObject({ eventSource: 'aws:sqs' });
  });

  it('says on the console when a delivery starts and how it ended, naming the import (npm start without --quiet)', async () => {
    const traced: string[] = [];
    const queue = createLocalQueue({
      root: '/nowhere',
      worker,
      log: () => {},
      trace: (l) => traced.push(l),
      redeliveryDelayMs: 1,
      handler: async (event) => {
        if (event.Records[0].attributes.ApproximateReceiveCount === '1') throw new Error('crashed');
        return { batchItemFailures: [] };
      },
    });
    queue.send(JSON.stringify({ accountId: 'acc', importId: 'imp1' }));
    await until(() => queue.state().delivered === 1);
    expect(traced).toEqual([
      expect.stringMatching(/^\[queue\] import imp1 \(account acc\): delivery 1 started$/),
      expect.stringMatching(/^\[queue\] import imp1 \(account acc\): delivery 2 started$/),
      expect.stringMatching(/^\[queue\] import imp1 \(account acc\): delivery 2 done in \d+\.\d s$/),
    ]);
  });

  it("holds one account's messages (others still go), or all of them, until released", async () => {
    const got: string[] = [];
    const { queue } = queueWith(async (event) => {
      got.push((JSON.parse(event.Records[0].body) as { accountId: string }).accountId);
      return { batchItemFailures: [] };
    });
    queue.hold('held');
    queue.send(JSON.stringify({ accountId: 'held', importId: '1' }));
    queue.send(JSON.stringify({ accountId: 'free', importId: '2' }));
    await until(() => got.includes('free'));
    expect(queue.state()).toMatchObject({ held: ['held'], waiting: 1 });
    expect(got).toEqual(['free']);
    queue.resume('held');
    await until(() => got.includes('held'));
    queue.hold();
    queue.send(JSON.stringify({ accountId: 'free', importId: '3' }));
    await new Promise((r) => setTimeout(r, 20));
    expect(queue.state()).toMatchObject({ held: 'all', waiting: 1 });
    queue.resume();
    await until(() => got.length === 3);
  });
});
