import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { env, settingNames } from '#config/env.ts';
import { traceClient } from '#observability/tracing.ts';
import { documentClient } from './document.ts';

/**
 * One client per container, reused across invocations. Endpoints come from the SDK's own AWS_ENDPOINT_URL_* settings.
 * `cacheMiddleware`: the middleware stack is resolved once per command class, not on every call (nothing here changes
 * a client's middleware after its first call; the local stack's instrumentation adds its own before).
 */
export const ddbClient = traceClient(new DynamoDBClient({ maxAttempts: 3, cacheMiddleware: true }));
/** The stores' client: commands on native values (document.ts). */
export const ddb = documentClient(ddbClient);

let cachedTable: string | undefined;
export const tableName = (): string => (cachedTable ??= env(settingNames.tableName));
