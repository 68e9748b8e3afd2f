/**
 * API Gateway HTTP API (payload format 2.0) on both sides of a Lambda call: the event a request becomes,
 * an SQS event source's event of one message, a plausible Lambda context, and how the function's result becomes the HTTP response.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSEvent } from 'aws-lambda';

export const LOCAL_ACCOUNT_ID = '000000000000';
const REGION = 'us-east-1';
const API_ID = 'local';
/** API Gateway's integration timeout for HTTP APIs; reported through getRemainingTimeInMillis. */
const TIMEOUT_MS = 30_000;

/** Content types API Gateway passes as text; every other body (or none declared) arrives base64-encoded. */
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript)|application\/[\w.+-]+\+(json|xml))/i;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
/** `12/Mar/2020:19:03:58 +0000`, API Gateway's requestContext.time format. */
const clfTime = (d: Date) =>
  `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;

/** API Gateway-like request id (`apigw-requestid`). */
export const newRequestId = () => randomBytes(10).toString('base64');

/** Lowercased names; repeated headers joined with commas, as API Gateway does. */
function collectHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    const value = req.rawHeaders[i + 1];
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return headers;
}

function queryParameters(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    params[key] = key in params ? `${params[key]},${value}` : value;
  }
  return params;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export interface EventInput {
  req: IncomingMessage;
  body: Buffer;
  routeKey: string;
  requestId: string;
  pathParameters: Record<string, string>;
}

export function buildEvent({ req, body, routeKey, requestId, pathParameters }: EventInput): APIGatewayProxyEventV2 {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  const rawQueryString = q === -1 ? '' : url.slice(q + 1);
  const headers = collectHeaders(req);
  // payload 2.0 moves cookies out of the headers into their own array
  const cookies = headers.cookie?.split(/;\s*/).filter(Boolean);
  delete headers.cookie;
  const now = new Date();
  const host = headers.host ?? '127.0.0.1';
  // a text body that is not valid UTF-8 arrives base64-encoded, its bytes intact (the function can tell and refuse it)
  const isText = TEXT_TYPES.test(headers['content-type'] ?? '') && isUtf8(body);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: API_ID,
      domainName: host,
      domainPrefix: host.split('.')[0],
      http: {
        method: req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (cookies?.length) event.cookies = cookies;
  const query = queryParameters(rawQueryString);
  if (query) event.queryStringParameters = query;
  if (Object.keys(pathParameters).length) event.pathParameters = pathParameters;
  if (body.length) {
    event.body = isText ? body.toString('utf8') : body.toString('base64');
    event.isBase64Encoded = !isText;
  }
  return event;
}

/** The local import queue's name (its URL and ARN name it). */
export const LOCAL_QUEUE_NAME = 'switchboard-local-imports';

/** A message as the local queues keep it; FIFO messages carry their group, deduplication id and sequence number. */
export interface QueuedMessage {
  id: string;
  body: string;
  receiveCount: number;
  sentAt: number;
  groupId?: string;
  deduplicationId?: string;
  sequenceNumber?: string;
}

/** Messages as an SQS event source hands them to a worker, in order (by default a batch of one of the import queue). */
export function sqsEvent(messages: QueuedMessage | QueuedMessage[], queueName = LOCAL_QUEUE_NAME): SQSEvent {
  const now = String(Date.now());
  return {
    Records: [messages].flat().map((m) => ({
      messageId: m.id,
      receiptHandle: randomUUID(),
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: LOCAL_ACCOUNT_ID,
        ApproximateFirstReceiveTimestamp: now,
        ...(m.groupId === undefined ? {} : { MessageGroupId: m.groupId }),
        ...(m.deduplicationId === undefined ? {} : { MessageDeduplicationId: m.deduplicationId }),
        ...(m.sequenceNumber === undefined ? {} : { SequenceNumber: m.sequenceNumber }),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(m.body, 'utf8').digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:${REGION}:${LOCAL_ACCOUNT_ID}:${queueName}`,
      awsRegion: REGION,
    })),
  };
}

/** A Lambda context; `timeoutMs` is what getRemainingTimeInMillis counts down from (API routes: 30 s). */
export function lambdaContext(functionName: string, timeoutMs = TIMEOUT_MS): Context {
  const deadline = Date.now() + timeoutMs;
  const unsupported = () => {
    throw new Error('Callback-style completion is not supported: return a value from the async handler');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

type Result = APIGatewayProxyStructuredResultV2 & {
  multiValueHeaders?: Record<string, Array<string | number | boolean>>;
};

/**
 * What API Gateway makes of a function's return value: a structured result as given; anything else is a
 * 200 whose body is the string, or the value as JSON.
 */
export function normalizeResult(result: unknown): Result {
  if (result !== null && typeof result === 'object' && 'statusCode' in result) return result as Result;
  const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body };
}

export function isValidResult(result: Result): boolean {
  const status = Number(result.statusCode);
  return (
    Number.isInteger(status) &&
    status >= 100 &&
    status <= 599 &&
    (result.body === undefined || typeof result.body === 'string')
  );
}

export function writeResult(res: ServerResponse, result: Result, extraHeaders: Record<string, string>): void {
  const body =
    result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    headers[name.toLowerCase()] = values.map(String);
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  if (!headers['content-type'] && body.length) headers['content-type'] = 'application/json';
  const status = Number(result.statusCode);
  // 204 and 304 carry neither a body nor a Content-Length
  if (status !== 204 && status !== 304) headers['content-length'] = String(body.length);
  res.writeHead(status, { ...headers, ...extraHeaders });
  res.end(status === 204 || status === 304 ? undefined : body);
}
