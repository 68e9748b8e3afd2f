/**
 * The delivery queues' and the bus's adapters against a local stand-in for SQS and EventBridge (their JSON
 * protocol on 127.0.0.1): what each call carries, in which order and size, and what a refused entry does.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryQueue, EventBus } from '#ports/webhooks.ts';

interface Call {
  target: string;
  input: Record<string, any>;
}

let server: Server;
let calls: Call[];
/** Entries (by position in a PutEvents call) EventBridge refuses, per call in order. */
let busRefusals: number[][];
/** Entry ids SQS refuses in the next SendMessageBatch. */
let sqsRefusals: string[];
let queue: DeliveryQueue;
let bus: EventBus;
let eventBusFor: typeof import('#adapters/webhooks/eventbridge-bus.ts').eventBusFor;

const before = { ...process.env };
let settings: Record<string, string> = {};

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

function answer(target: string, input: Record<string, any>): unknown {
  if (target === 'AmazonSQS.SendMessage') return { MessageId: 'm', MD5OfMessageBody: md5(input.MessageBody) };
  if (target === 'AmazonSQS.SendMessageBatch') {
    const entries = input.Entries as { Id: string; MessageBody: string }[];
    const refused = entries.filter((e) => sqsRefusals.includes(e.Id));
    sqsRefusals = [];
    return {
      Successful: entries
        .filter((e) => !refused.includes(e))
        .map((e) => ({ Id: e.Id, MessageId: `m${e.Id}`, MD5OfMessageBody: md5(e.MessageBody) })),
      Failed: refused.map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })),
    };
  }
  if (target === 'AWSEvents.PutEvents') {
    const refuse = busRefusals.shift() ?? [];
    return {
      FailedEntryCount: refuse.length,
      Entries: (input.Entries as unknown[]).map((_, i) =>
        refuse.includes(i) ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' } : { EventId: `e${i}` },
      ),
    };
  }
  throw new Error(`unexpected ${target}`);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']);
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      calls.push({ target, input });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(answer(target, input)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  settings = {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint,
    WEBHOOK_QUEUE_URL: `${endpoint}/000000000000/webhooks.fifo`,
    WEBHOOK_RETRY_QUEUE_URL: `${endpoint}/000000000000/webhook-retries`,
  };
  Object.assign(process.env, settings);
  queue = (await import('#adapters/webhooks/sqs-delivery-queue.ts')).sqsDeliveryQueue;
  const busModule = await import('#adapters/webhooks/eventbridge-bus.ts');
  bus = busModule.eventBridgeBus;
  eventBusFor = busModule.eventBusFor;
});
afterAll(async () => {
  // the settings this file made go, so no later file in the worker sees them
  for (const name of [...Object.keys(settings), 'EVENT_BUS_NAME'])
    if (before[name] === undefined) delete process.env[name];
    else process.env[name] = before[name];
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  calls = [];
  busRefusals = [];
  sqsRefusals = [];
  process.env.EVENT_BUS_NAME = 'switchboard-test';
});

const firstAttempt = (n: number, orderKey = 'w1:u1') => ({
  accountId: 'a1',
  webhookId: 'w1',
  id: `01JEVENT${String(n).padStart(18, '0')}`,
  orderKey,
  version: 1,
});
const publicEvent = (n: number) => ({
  type: n % 2 ? 'user.created' : 'group.member_added',
  id: `01JEVENT${String(n).padStart(18, '0')}`,
  timestamp: '2026-11-22T08:00:00.000Z',
  accountId: 'a1',
  data: { userId: `u${n}` },
});

describe('the first-attempt queue', () => {
  it('sends in order, ten a call: the group is the order key, deduplication the delivery and its version', async () => {
    const deliveries = Array.from({ length: 23 }, (_, i) => firstAttempt(i + 1, i % 2 ? 'w1:u1' : 'w1:account'));
    await queue.sendFirst(deliveries);
    expect(calls.map((c) => [c.target, c.input.Entries.length])).toEqual([
      ['AmazonSQS.SendMessageBatch', 10],
      ['AmazonSQS.SendMessageBatch', 10],
      ['AmazonSQS.SendMessageBatch', 3],
    ]);
    expect(calls[0].input.QueueUrl).toBe(process.env.WEBHOOK_QUEUE_URL);
    const entries = calls.flatMap((c) => c.input.Entries);
    expect(entries.map((e) => JSON.parse(e.MessageBody))).toEqual(
      deliveries.map((d) => ({ accountId: 'a1', webhookId: 'w1', deliveryId: d.id, version: 1 })),
    );
    expect(entries.map((e) => e.MessageGroupId)).toEqual(deliveries.map((d) => d.orderKey));
    expect(entries[0].MessageDeduplicationId).toBe(`w1.${deliveries[0].id}.1`);
    expect(new Set(entries.map((e) => e.MessageDeduplicationId)).size).toBe(23);
  });

  it('a refused entry fails the call, and the batches after it are not sent', async () => {
    sqsRefusals = ['3'];
    await expect(queue.sendFirst(Array.from({ length: 15 }, (_, i) => firstAttempt(i + 1)))).rejects.toThrow(
      'refused 1 of 10',
    );
    expect(calls).toHaveLength(1);
  });
});

describe('the retry queue', () => {
  it('sends one message with its delay, within SQS bounds', async () => {
    const message = { accountId: 'a1', webhookId: 'w1', deliveryId: 'd1', version: 2 };
    await queue.sendLater(message, 300);
    await queue.sendLater(message, 7200);
    await queue.sendLater({ kind: 'replay', accountId: 'a1', webhookId: 'w1', since: 's', after: 'e' }, 0);
    expect(calls.map((c) => [c.target, c.input.QueueUrl, c.input.DelaySeconds])).toEqual([
      ['AmazonSQS.SendMessage', process.env.WEBHOOK_RETRY_QUEUE_URL, 300],
      ['AmazonSQS.SendMessage', process.env.WEBHOOK_RETRY_QUEUE_URL, 900],
      ['AmazonSQS.SendMessage', process.env.WEBHOOK_RETRY_QUEUE_URL, 0],
    ]);
    expect(JSON.parse(calls[0].input.MessageBody)).toEqual(message);
  });
});

describe('the EventBridge bus', () => {
  it('puts every event, ten a call: source switchboard, the type as detail-type, the body as detail', async () => {
    const events = Array.from({ length: 12 }, (_, i) => publicEvent(i + 1));
    await bus.publish(events);
    expect(calls.map((c) => c.input.Entries.length).sort()).toEqual([10, 2]);
    const id = (e: any) => JSON.parse(e.Detail).id;
    const entries = calls.flatMap((c) => c.input.Entries).sort((a, b) => (id(a) < id(b) ? -1 : 1));
    expect(entries[0]).toMatchObject({
      EventBusName: 'switchboard-test',
      Source: 'switchboard',
      DetailType: 'user.created',
      Time: Date.parse('2026-11-22T08:00:00.000Z') / 1000,
    });
    expect(entries.map((e) => JSON.parse(e.Detail))).toEqual(events);
    expect(entries.map((e) => e.DetailType)).toEqual(events.map((e) => e.type));
  });

  it('puts the refused entries once more; refused again, it throws', async () => {
    busRefusals = [[1, 3], []];
    await bus.publish([1, 2, 3, 4].map(publicEvent));
    expect(calls).toHaveLength(2);
    expect(calls[1].input.Entries.map((e: any) => JSON.parse(e.Detail).id)).toEqual([
      publicEvent(2).id,
      publicEvent(4).id,
    ]);

    calls = [];
    busRefusals = [[0], [0]];
    await expect(bus.publish([publicEvent(5)])).rejects.toThrow('EventBridge refused 1 of 1 events');
    expect(calls).toHaveLength(2);
  });

  it('without EVENT_BUS_NAME the local recorder takes the events; with it, EventBridge', async () => {
    const recorded: unknown[] = [];
    const chosen = eventBusFor({ publish: async (events) => void recorded.push(...events) });
    delete process.env.EVENT_BUS_NAME;
    await chosen.publish([publicEvent(1)]);
    expect(recorded).toHaveLength(1);
    expect(calls).toHaveLength(0);
    process.env.EVENT_BUS_NAME = 'switchboard-test';
    await chosen.publish([publicEvent(2)]);
    expect(recorded).toHaveLength(1);
    expect(calls).toHaveLength(1);
    delete process.env.EVENT_BUS_NAME;
    expect(() => eventBusFor(undefined).publish([publicEvent(3)])).toThrow('EVENT_BUS_NAME');
  });
});
