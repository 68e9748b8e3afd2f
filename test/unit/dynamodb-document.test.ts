/**
 * document.ts sends what lib-dynamodb's DocumentClient sends and reads back what it reads back: the same native inputs
 * go through both, each over its own low-level client whose last middleware records the low-level input and answers
 * a fixed low-level output (no network: this checks the conversion; the store contract suite checks the behaviour
 * against DynamoDB Local).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as lib from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import * as ours from '#adapters/dynamodb/document.ts';

/** Each command of document.ts beside lib-dynamodb's of the same name. */
const PAIRS = {
  GetCommand: [lib.GetCommand, ours.GetCommand],
  PutCommand: [lib.PutCommand, ours.PutCommand],
  UpdateCommand: [lib.UpdateCommand, ours.UpdateCommand],
  DeleteCommand: [lib.DeleteCommand, ours.DeleteCommand],
  QueryCommand: [lib.QueryCommand, ours.QueryCommand],
  TransactWriteCommand: [lib.TransactWriteCommand, ours.TransactWriteCommand],
  BatchGetCommand: [lib.BatchGetCommand, ours.BatchGetCommand],
  BatchWriteCommand: [lib.BatchWriteCommand, ours.BatchWriteCommand],
} as const;
type Name = keyof typeof PAIRS;
type AnyCommand = new (input: Record<string, unknown>) => unknown;

type Sent = { command: string; input: unknown };

/** A client that sends nothing: its request handler answers `answer` as DynamoDB would, and `sent` gets each input. */
function recordingClient(answer: Record<string, unknown>, sent: Sent[], cacheMiddleware: boolean) {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' },
    endpoint: 'http://127.0.0.1:9',
    cacheMiddleware,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: Buffer.from(JSON.stringify(answer)),
        },
      }),
    },
  });
  // after serializing: what the low-level command was given, once lib-dynamodb's own middleware has marshalled it
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({ command: context.commandName as string, input: structuredClone(args.input) });
      return next(args);
    },
    { step: 'build', name: 'unitRecorder' },
  );
  return client;
}

/** Sends the same input through both and returns both low-level inputs and both answers. */
async function both(name: Name, input: Record<string, unknown>, answer: Record<string, unknown> = {}) {
  const theirsSent: Sent[] = [];
  const oursSent: Sent[] = [];
  const theirs = lib.DynamoDBDocumentClient.from(recordingClient(answer, theirsSent, false), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const mine = ours.documentClient(recordingClient(answer, oursSent, true));
  const [Theirs, Ours] = PAIRS[name] as unknown as [AnyCommand, AnyCommand];
  const theirOutput = await theirs.send(new Theirs(structuredClone(input)) as lib.GetCommand);
  const ourOutput = await mine.send(new Ours(structuredClone(input)) as ours.GetCommand);
  return { theirsSent, oursSent, theirOutput, ourOutput };
}

const strip = (value: unknown) => JSON.parse(JSON.stringify(value));

const item = {
  PK: 'ACCOUNT#a',
  SK: 'USER#u',
  version: 3,
  name: 'Ann',
  gone: undefined,
  tags: ['fax', 'sms'],
  settings: { language: 'en', mfa: true, nested: { skip: undefined, keep: 1 } },
  empty: '',
  nothing: null,
  set: new Set(['a', 'b']),
};
const rawItem = {
  PK: { S: 'ACCOUNT#a' },
  SK: { S: 'USER#u' },
  version: { N: '3' },
  tags: { L: [{ S: 'fax' }] },
  settings: { M: { mfa: { BOOL: true } } },
  nothing: { NULL: true },
  set: { SS: ['a', 'b'] },
};

describe('document.ts converts exactly as lib-dynamodb does', () => {
  const cases: [Name, Record<string, unknown>, Record<string, unknown>][] = [
    ['GetCommand', { TableName: 't', Key: { PK: 'a', SK: 'b' }, ConsistentRead: true }, { Item: rawItem }],
    ['GetCommand', { TableName: 't', Key: { PK: 'a', SK: 'missing' } }, {}],
    [
      'PutCommand',
      {
        TableName: 't',
        Item: item,
        ConditionExpression: 'attribute_not_exists(PK) OR #v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: { ':v': 2, ':none': undefined },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
      { Attributes: rawItem },
    ],
    [
      'UpdateCommand',
      {
        TableName: 't',
        Key: { PK: 'a', SK: 'b' },
        UpdateExpression: 'SET #n = :n, tags = :t ADD version :one',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':n': 'Bo', ':t': ['x'], ':one': 1 },
        ReturnValues: 'ALL_NEW',
      },
      { Attributes: rawItem },
    ],
    ['DeleteCommand', { TableName: 't', Key: { PK: 'a', SK: 'b' }, ReturnValues: 'ALL_OLD' }, { Attributes: rawItem }],
    [
      'QueryCommand',
      {
        TableName: 't',
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :prefix)',
        ExpressionAttributeValues: { ':pk': 'ACCOUNT#a#USERS', ':prefix': 'ann' },
        ExclusiveStartKey: { PK: 'a', SK: 'b', GSI1PK: 'p', GSI1SK: 's' },
        Limit: 50,
      },
      { Items: [rawItem, rawItem], Count: 2, LastEvaluatedKey: { PK: { S: 'a' }, SK: { S: 'c' } } },
    ],
    [
      'QueryCommand',
      { TableName: 't', KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'x' } },
      {},
    ],
    [
      'TransactWriteCommand',
      {
        TransactItems: [
          { Put: { TableName: 't', Item: item, ConditionExpression: 'attribute_not_exists(PK)' } },
          {
            Update: {
              TableName: 't',
              Key: { PK: 'a', SK: 'b' },
              UpdateExpression: 'SET c = c + :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          { Delete: { TableName: 't', Key: { PK: 'a', SK: 'd' } } },
          {
            ConditionCheck: {
              TableName: 't',
              Key: { PK: 'a', SK: 'e' },
              ConditionExpression: '#s = :s',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':s': 'active' },
            },
          },
        ],
        ClientRequestToken: 'token',
      },
      {},
    ],
    [
      'BatchGetCommand',
      {
        RequestItems: {
          t: {
            Keys: [
              { PK: 'a', SK: 'b' },
              { PK: 'a', SK: 'c' },
            ],
            ConsistentRead: true,
            ProjectionExpression: '#p0',
          },
        },
      },
      {
        Responses: { t: [rawItem] },
        UnprocessedKeys: { t: { Keys: [{ PK: { S: 'a' }, SK: { S: 'c' } }], ConsistentRead: true } },
      },
    ],
    [
      'BatchWriteCommand',
      { RequestItems: { t: [{ PutRequest: { Item: item } }, { DeleteRequest: { Key: { PK: 'a', SK: 'b' } } }] } },
      { UnprocessedItems: { t: [{ PutRequest: { Item: rawItem } }, { DeleteRequest: { Key: { PK: { S: 'a' } } } }] } },
    ],
  ];

  it.each(cases)('%s sends the same low-level input and reads back the same output', async (name, input, answer) => {
    const { theirsSent, oursSent, theirOutput, ourOutput } = await both(name, input, answer);
    expect(oursSent).toHaveLength(1);
    expect(oursSent[0].command).toBe(theirsSent[0].command);
    expect(strip(oursSent[0].input)).toEqual(strip(theirsSent[0].input));
    expect(ourOutput).toEqual(theirOutput);
  });

  it('the comparison can fail: a value marshalled differently is told apart (positive control above)', async () => {
    const { theirsSent, oursSent } = await both('GetCommand', { TableName: 't', Key: { PK: 'a', SK: 'b' } });
    const altered = strip(oursSent[0].input);
    altered.Key.SK = { N: '1' };
    expect(altered).not.toEqual(strip(theirsSent[0].input));
  });

  it('errors pass through untouched, as lib-dynamodb leaves them', async () => {
    const client = new DynamoDBClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' },
      endpoint: 'http://127.0.0.1:9',
      cacheMiddleware: true,
    });
    const failure = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
      Item: rawItem,
    });
    client.middlewareStack.add(
      () => async () => {
        throw failure;
      },
      { step: 'serialize', name: 'unitFailure', priority: 'low' },
    );
    const send = ours.documentClient(client).send(new ours.PutCommand({ TableName: 't', Item: { PK: 'a', SK: 'b' } }));
    await expect(send).rejects.toBe(failure);
  });

  it('a cached middleware stack serves every call of a command class with its own input', async () => {
    const sent: Sent[] = [];
    const mine = ours.documentClient(recordingClient({}, sent, true));
    await Promise.all(
      ['b', 'c', 'd'].map((sk) => mine.send(new ours.GetCommand({ TableName: 't', Key: { PK: 'a', SK: sk } }))),
    );
    expect(sent.map((s) => (s.input as { Key: { SK: { S: string } } }).Key.SK.S)).toEqual(['b', 'c', 'd']);
  });
});
