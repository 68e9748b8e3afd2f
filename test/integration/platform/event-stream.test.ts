/**
 * Events out on the local stack, below the handlers: the table's stream as DynamoDB Local serves it, tailed by the
 * same tailer `npm start` runs (here in the test, with a handler of the test's own, so the records it hands over can
 * be read); provisioning adds the stream to a table kept without one; the webhook queues answer the SQS SDK.
 */
import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { eventFanOut } from '#config/events.ts';
import type { FilterPattern } from '../../../local/event-filter.ts';
import { createEventStreamTailer } from '../../../local/event-stream.ts';
import { provisionTable } from '../../../local/provision.ts';
import { dynamodbStreamReader } from '../../../local/stream-reader.ts';
import { webhookQueueUrls } from '../../../local/webhook-queues.ts';
import { ddb, tableName } from '../../support/dynamo.ts';
import { call, stack } from '../../support/http.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let client: DynamoDBClient | undefined;
const dynamodb = () => {
  client ??= new DynamoDBClient({ endpoint: stack().dynamodbEndpoint, region: 'us-east-1', credentials });
  return client;
};
afterAll(() => client?.destroy());

const until = async (check: () => boolean | Promise<boolean>, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(await check()).toBe(true);
};

const createAccount = async () => {
  const tag = randomBytes(4).toString('hex');
  const r = await call('POST', '/v1/accounts', {
    operatorKey: true,
    body: { name: `Stream ${tag}`, owner: { email: `stream.${tag}@example.com`, firstName: 'Sam', lastName: 'Tream' } },
  });
  expect(r.status).toBe(201);
  return (r.body as { account: { id: string } }).account.id;
};

/** The tailer `npm start` runs, here on the stack's table with a handler that keeps what it is handed. */
async function tailStack(filter?: FilterPattern) {
  const reader = dynamodbStreamReader(stack().dynamodbEndpoint, tableName());
  const records: DynamoDBRecord[] = [];
  const tailer = createEventStreamTailer({
    reader,
    consumer: eventFanOut,
    root: '/nowhere',
    filter,
    handler: async (event) => {
      records.push(...event.Records);
      return { batchItemFailures: [] };
    },
    log: () => {},
    idlePollMs: 20,
  });
  await tailer.start();
  const close = async () => {
    await tailer.stop();
    reader.destroy();
  };
  return { tailer, records, close };
}

describe('the table stream on the local stack', () => {
  it('is a stream of new images, and npm start reads every open shard of it', async () => {
    const { Table } = await dynamodb().send(new DescribeTableCommand({ TableName: tableName() }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    const state = await call('GET', '/__test/event-stream');
    expect(state.status).toBe(200);
    expect(state.body.streamArn).toBe(Table?.LatestStreamArn);
    expect(state.body.shards.length).toBeGreaterThan(0);
    expect(state.body.shards.every((s: { status: string }) => s.status === 'reading')).toBe(true);
  });

  it('hands the fan-out new audit events only, in commit order, shaped as Lambda hands them', async () => {
    const { tailer, records, close } = await tailStack();
    try {
      const first = await createAccount();
      const second = await createAccount();
      const ofAccount = (id: string) => records.filter((r) => r.dynamodb?.NewImage?.accountId?.S === id);
      await until(() => ofAccount(first).length > 0 && ofAccount(second).length > 0);
      // a later change to an audit event item is a MODIFY record: not passed on
      const event = ofAccount(first)[0].dynamodb!;
      await ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { PK: event.Keys!.PK.S, SK: event.Keys!.SK.S },
          UpdateExpression: 'SET streamTestTouch = :t',
          ExpressionAttributeValues: { ':t': 1 },
        }),
      );
      const third = await createAccount();
      await until(() => ofAccount(third).length > 0);

      // every record the account creations wrote besides their audit events (account, owner, …) was filtered out
      expect(records.every((r) => r.eventName === 'INSERT' && r.dynamodb?.NewImage?.entity?.S === 'AuditEvent')).toBe(
        true,
      );
      expect(records.some((r) => r.dynamodb?.NewImage?.streamTestTouch)).toBe(false);
      const sequence = records.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
      expect(sequence).toEqual([...sequence].sort((a, b) => (a < b ? -1 : 1)));
      const at = (id: string) => records.indexOf(ofAccount(id)[0]);
      expect([at(first) < at(second), at(second) < at(third)]).toEqual([true, true]);
      const { Table } = await dynamodb().send(new DescribeTableCommand({ TableName: tableName() }));
      expect(ofAccount(first)[0]).toMatchObject({
        eventSource: 'aws:dynamodb',
        eventSourceARN: Table?.LatestStreamArn,
        dynamodb: {
          ApproximateCreationDateTime: expect.any(Number),
          Keys: { PK: { S: `ACCOUNT#${first}#EVENTS` }, SK: { S: expect.stringMatching(/^EVENT#/) } },
          NewImage: { type: { S: 'account.created' } },
          StreamViewType: 'NEW_IMAGE',
        },
      });
      expect(tailer.state()).toMatchObject({ failedBatches: 0, dropped: [] });
    } finally {
      await close();
    }
  });

  it('carries values as AWS writes them, an empty map included (DynamoDB Local writes it as {})', async () => {
    // items of the test's own entity only: the stack's fan-out never sees them
    const { records, close } = await tailStack({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { entity: { S: ['StreamShapeCheck'] } } },
    });
    try {
      const key = { PK: `STREAM#${randomBytes(4).toString('hex')}`, SK: 'SHAPE' };
      await ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...key, entity: 'StreamShapeCheck', empty: {}, nested: { list: [{}], flag: false }, none: null },
        }),
      );
      await until(() => records.length === 1);
      expect(records[0].dynamodb?.NewImage).toEqual({
        PK: { S: key.PK },
        SK: { S: key.SK },
        entity: { S: 'StreamShapeCheck' },
        empty: { M: {} },
        nested: { M: { list: { L: [{ M: {} }] }, flag: { BOOL: false } } },
        none: { NULL: true },
      });
      await ddb().send(new DeleteCommand({ TableName: tableName(), Key: key }));
    } finally {
      await close();
    }
  });

  it('is added to a table kept from before it, when npm start provisions', async () => {
    const name = `stream-check-${randomBytes(4).toString('hex')}`;
    await dynamodb().send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
      }),
    );
    try {
      const before = await dynamodb().send(new DescribeTableCommand({ TableName: name }));
      expect(before.Table?.StreamSpecification?.StreamEnabled).toBeFalsy();
      await provisionTable(stack().dynamodbEndpoint, name);
      const after = await dynamodb().send(new DescribeTableCommand({ TableName: name }));
      expect(after.Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
      expect(after.Table?.LatestStreamArn).toContain(`table/${name}/stream/`);
    } finally {
      await dynamodb().send(new DeleteTableCommand({ TableName: name }));
    }
  });
});

describe('the webhook queues on the local stack', () => {
  it('take a SendMessageBatch from the SQS SDK and drop a FIFO duplicate of the same group', async () => {
    const sqs = new SQSClient({ endpoint: stack().baseUrl, region: 'us-east-1', credentials });
    const urls = webhookQueueUrls(stack().baseUrl);
    const handled = async () => {
      const { first } = (await call('GET', '/__test/webhook-queues')).body;
      return first.delivered + first.deadLetters.length;
    };
    const before = await handled();
    try {
      // a delivery that does not exist: the worker has nothing to do with it
      const body = JSON.stringify({
        accountId: 'nobody',
        webhookId: 'none',
        deliveryId: randomBytes(8).toString('hex'),
      });
      const group = `none:${randomBytes(4).toString('hex')}`;
      const out = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: urls.first,
          Entries: [
            { Id: 'a', MessageBody: body, MessageGroupId: group, MessageDeduplicationId: 'd.1' },
            { Id: 'b', MessageBody: body, MessageGroupId: group, MessageDeduplicationId: 'd.1' },
          ],
        }),
      );
      expect(out.Failed ?? []).toEqual([]);
      expect(out.Successful?.[1].MessageId).toBe(out.Successful?.[0].MessageId);
      expect(out.Successful?.[0].SequenceNumber).toMatch(/^\d+$/);
      // handed to the worker: taken, or parked after maxReceiveCount if the worker cannot load. That the duplicate is
      // never delivered is the answer above (one message id for both entries) and the queue's unit tests: other files
      // on this stack deliver webhooks in the background, so the queue's count here can only be a lower bound
      await until(async () => (await handled()) >= before + 1, 20_000);
    } finally {
      sqs.destroy();
    }
  });
});
