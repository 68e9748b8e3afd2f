/**
 * The local API Gateway: a node:http server driven by the route table. It turns each request into an
 * HTTP API payload 2.0 event and calls the same handler module the CDK stack deploys. As in AWS, no route has a
 * gateway authorizer: the handlers authenticate by themselves (tokens, API keys, the operator key).
 * Import it only after process.env is set.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { routes } from '../shared/http/routes.ts';
import { handlerFile, type RouteDef } from '../shared/http/route-types.ts';
import {
  buildEvent,
  isValidResult,
  lambdaContext,
  newRequestId,
  normalizeResult,
  writeResult,
} from './lambda-event.ts';
import { createRouteMatcher } from './route-matcher.ts';
import { answerSqsFor, type ServedQueue } from './sqs-endpoint.ts';
import {
  instrumentSdkClients,
  newRequestMetrics,
  ownTime,
  requestMetrics,
  services,
  type Interval,
  type RequestMetrics,
} from './sdk-instrumentation.ts';
import { setMetricsSink } from '../shared/observability/metrics.ts';
import { collectMetrics, handleTestControl, type TestControlHooks } from './test-controls.ts';

/** API Gateway's payload limit for HTTP APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Lambda's limit of a synchronous invocation's event (the request payload, as JSON). */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;

export interface GatewayOptions {
  /** Repository root: handler files are `<root>/functions/<kebab-operation>.ts`. */
  root: string;
  quiet: boolean;
  testControls: boolean;
  hooks: TestControlHooks;
  /** The local queues (import, webhook deliveries): SQS requests (`X-Amz-Target: AmazonSQS.…`) to their URLs. */
  queues?: ServedQueue[];
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

const problemTypes: Record<number, [string, string]> = {
  404: ['not_found', 'Not Found'],
  405: ['method_not_allowed', 'Method Not Allowed'],
};

function problem(status: number, detail?: string) {
  const [code, title] = problemTypes[status];
  return {
    statusCode: status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({
      type: `https://switchboard.dev/problems/${code.replaceAll('_', '-')}`,
      title,
      status,
      code,
      detail,
    }),
  };
}

/** API Gateway's own answers when the integration fails, word for word. */
const gatewayError = (statusCode: number, message: string) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message }),
});

/** Reads the body; `undefined` once it passes the limit (the rest is drained and dropped). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Milliseconds with 3 decimals; nothing at all is `0`. */
const ms3 = (value: number) => (value === 0 ? '0' : value.toFixed(3));

/** The handler's wall time, its waits on the AWS services (their union) and the rest: the service's own time. */
function ownTimeHeaders(metrics: RequestMetrics, handler: Interval): Record<string, string> {
  const own = ownTime(metrics, handler);
  return {
    'x-local-handler-ms': ms3(own.handlerMs),
    'x-local-wait-ms': ms3(own.waitMs),
    'x-local-own-ms': ms3(own.ownMs),
    'x-local-waits': services.map((s) => `${s}=${ms3(own.waits[s])}`).join(';'),
    // the SDK commands' whole time (waits and the client's own work): own time less the SDK's work is the service's code
    'x-local-sdk-ms': ms3(own.sdkMs),
  };
}

export function createGateway(options: GatewayOptions): Server {
  instrumentSdkClients();
  // embedded-metric documents stay in memory (GET /__test/metrics) rather than fill the console
  setMetricsSink(collectMetrics);
  const match = createRouteMatcher(routes);
  const handlers = new Map<string, Promise<Handler>>();
  const log = (line: string) => {
    if (!options.quiet) console.log(line);
  };

  const loadHandler = (route: RouteDef): Promise<Handler> => {
    let loading = handlers.get(route.operationId);
    if (!loading) {
      const url = pathToFileURL(join(options.root, handlerFile(route.operationId))).href;
      loading = import(url).then((mod: { handler?: Handler }) => {
        if (typeof mod.handler !== 'function')
          throw new Error(`${handlerFile(route.operationId)} does not export a handler`);
        return mod.handler;
      });
      // a failed import is not cached: the file may be written while the server runs
      loading.catch(() => handlers.delete(route.operationId));
      handlers.set(route.operationId, loading);
    }
    return loading;
  };

  async function invoke(route: RouteDef, event: APIGatewayProxyEventV2, timing: { handler?: Interval }) {
    try {
      const handler = await loadHandler(route);
      const context = lambdaContext(`switchboard-local-${route.operationId}`);
      // the handler's invocation alone: loading its module (a cold start) is not per-request time
      const interval = { start: performance.now(), end: Number.NaN };
      timing.handler = interval;
      let raw: unknown;
      try {
        raw = await handler(event, context);
      } finally {
        interval.end = performance.now();
      }
      const result = normalizeResult(raw);
      if (isValidResult(result)) return result;
      // the shape only: a response body may carry tokens or secrets
      console.error(
        `[gateway] ${route.operationId} returned an invalid response (keys: ${Object.keys((result ?? {}) as object).join(', ')})`,
      );
    } catch (err) {
      console.error(`[gateway] ${route.operationId} failed: ${(err as Error)?.stack ?? String(err)}`);
    }
    return gatewayError(500, 'Internal Server Error');
  }

  async function respond(
    req: IncomingMessage,
    rawPath: string,
    requestId: string,
    metrics: RequestMetrics,
    timing: { handler?: Interval },
  ) {
    const method = req.method ?? 'GET';
    // read to the end even when too large: answering mid-upload makes clients fail with EPIPE, not 413
    const body = await readBody(req);
    if (!body) return gatewayError(413, 'Request Entity Too Large');

    const target = req.headers['x-amz-target'];
    if (options.queues && method === 'POST' && typeof target === 'string' && target.startsWith('AmazonSQS.'))
      return answerSqsFor(options.queues, target, body);

    if (options.testControls && rawPath.startsWith('/__test/')) {
      const control = await handleTestControl(method, rawPath, body, options.hooks);
      const json = control.body === undefined ? undefined : JSON.stringify(control.body);
      const type = control.status >= 400 ? 'application/problem+json' : 'application/json';
      return { statusCode: control.status, headers: json ? { 'content-type': type } : {}, body: json };
    }

    const found = match(method, rawPath);
    if (found.kind === 'not-found') return problem(404, `No route for ${rawPath}`);
    if (found.kind === 'wrong-method') {
      const allowed = problem(405, `${method} is not allowed on ${rawPath}`);
      return { ...allowed, headers: { ...allowed.headers, allow: found.allow.join(', ') } };
    }
    const { route, pathParameters } = found;
    const routeKey = `${route.method} ${route.path}`;
    const event = buildEvent({ req, body, routeKey, requestId, pathParameters });
    // API Gateway cannot hand Lambda an event past its limit (a base64-encoded body grows by a third)
    if (Buffer.byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES)
      return gatewayError(413, 'Request Entity Too Large');
    return requestMetrics.run(metrics, () => invoke(route, event, timing));
  }

  return createServer((req, res) => {
    const started = performance.now();
    const requestId = newRequestId();
    const metrics = newRequestMetrics();
    const timing: { handler?: Interval } = {};
    // logs show the path only: query strings may carry tokens
    const rawPath = (req.url ?? '/').split('?')[0];
    respond(req, rawPath, requestId, metrics, timing)
      .catch((err: unknown) => {
        console.error(`[gateway] ${req.method} ${rawPath} failed: ${(err as Error)?.stack ?? String(err)}`);
        return gatewayError(500, 'Internal Server Error');
      })
      .then((result) => {
        writeResult(res, result, {
          'apigw-requestid': requestId,
          'x-local-ddb-calls': String(metrics.dynamodbCommands.length),
          'x-local-ddb-commands': metrics.dynamodbCommands.join(','),
          ...(timing.handler ? ownTimeHeaders(metrics, timing.handler) : {}),
        });
        const ms = (performance.now() - started).toFixed(1);
        // the SQS protocol posts to the endpoint's root: the log names the action instead
        const target = req.headers['x-amz-target'];
        const what =
          typeof target === 'string' && target.startsWith('AmazonSQS.')
            ? `${rawPath} (SQS ${target.slice(10)})`
            : rawPath;
        log(`${req.method} ${what} ${result.statusCode} ${ms}ms ddb=${metrics.dynamodbCommands.length}`);
      });
  });
}
