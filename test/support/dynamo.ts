/**
 * Direct access to the local stack's DynamoDB table (DynamoDB Local), for what the API does not show — stored
 * hashes, TTLs, counters — and for seeding or breaking state on purpose. One document client per test file,
 * created on first use; files that want to release it early call closeDynamo() in afterAll.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { stack } from './http.ts';

let client: DynamoDBDocumentClient | undefined;

/** The document client on the local table's endpoint (undefined values are left out of written items). */
export function ddb(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack().dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return client;
}

export const tableName = (): string => stack().tableName;

/** One stored item, read consistently straight from the table; undefined when absent. */
export async function storedItem(key: { PK: string; SK: string }): Promise<Record<string, unknown> | undefined> {
  return (await ddb().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;
}

/** Releases the client (its sockets); the next ddb() makes a new one. */
export function closeDynamo(): void {
  client?.destroy();
  client = undefined;
}
