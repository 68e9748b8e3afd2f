import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { env, settingNames } from '#config/env.ts';
import { traceClient } from '#observability/tracing.ts';

/** One client per container, reused across invocations. Endpoints come from the SDK's own AWS_ENDPOINT_URL_* settings. */
export const ddbClient = traceClient(new DynamoDBClient({ maxAttempts: 3 }));
export const ddb = DynamoDBDocumentClient.from(ddbClient, {
  marshallOptions: { removeUndefinedValues: true },
});

let cachedTable: string | undefined;
export const tableName = (): string => (cachedTable ??= env(settingNames.tableName));
