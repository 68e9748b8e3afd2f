import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as v from 'valibot';
import type { Caller } from '#domain/caller.ts';
import { DomainError, NotFoundError, ValidationError } from '#domain/errors.ts';
import type { IdempotencyStore } from '#ports/idempotency.ts';
import type { Authenticator } from './authenticate.ts';
import { withIdempotency } from './idempotency.ts';
import { logger } from '#observability/logger.ts';
import { problem, toProblem } from './problem.ts';
import { parseIfMatch, type Result } from './responses.ts';
import { parseWith } from './validation.ts';

export const MAX_BODY_BYTES = 64 * 1024;
/** Ids in paths are at most 64 characters (the `Id` schema): a longer one names nothing, and must not reach a key. */
const MAX_PATH_ID_LENGTH = 64;

export interface ApiRequest<C extends Caller, B, Q> {
  caller: C;
  params: Record<string, string>;
  body: B;
  query: Q;
  ifMatch?: number;
  headers: Record<string, string | undefined>;
}

interface Spec<C extends Caller, BS extends v.GenericSchema | undefined, QS extends v.GenericSchema | undefined> {
  auth: Authenticator<C>;
  body?: BS;
  query?: QS;
  /**
   * Action endpoints that take no fields: a body, if any, must be an empty JSON object (unknown fields are 400 as on
   * every write). Checked without a schema, so these functions bundle no schema library.
   */
  emptyBody?: true;
  /** Create endpoints: honour Idempotency-Key with this store. */
  idempotency?: IdempotencyStore;
  clock?: { now(): Date };
}

type Infer<S> = S extends v.GenericSchema ? v.InferOutput<S> : undefined;

const securityHeaders = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function readBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLargeError();
  const type = (event.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (raw.trim() === '') return undefined;
  if (type !== 'application/json' && !type.endsWith('+json')) throw new UnsupportedMediaTypeError();
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError([{ path: '', message: 'is not valid JSON' }]);
  }
}

function assertEmptyBody(body: unknown): void {
  if (body === undefined) return;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ValidationError([{ path: '', message: 'must be an empty JSON object, or absent' }]);
  const fields = Object.keys(body);
  if (fields.length)
    throw new ValidationError(fields.map((path) => ({ path, message: 'is not a field you may set here' })));
}

class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'payload_too_large';
  constructor() {
    super('Request body too large', `Bodies are limited to ${MAX_BODY_BYTES} bytes`);
  }
}
class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  constructor() {
    super('Unsupported media type', 'Send the body as application/json');
  }
}

/**
 * Every API handler is this pipeline: authenticate → read and validate input → (idempotency) → the operation.
 * Errors are turned into problem+json once, here; handlers only call a use case and shape the response.
 */
export function api<
  C extends Caller,
  BS extends v.GenericSchema | undefined = undefined,
  QS extends v.GenericSchema | undefined = undefined,
>(spec: Spec<C, BS, QS>, operation: (req: ApiRequest<C, Infer<BS>, Infer<QS>>) => Promise<Result>) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use({
      before: ({ event, context }) => {
        logger.setContext({ requestId: context.awsRequestId, route: event.routeKey });
      },
      after: (request) => {
        const response = request.response as Result;
        response.headers = { ...securityHeaders, ...response.headers };
        logger.info('request', {
          status: response.statusCode,
          method: request.event.requestContext?.http?.method,
          path: request.event.rawPath,
        });
      },
      onError: (request) => {
        const response = toProblem(request.error) as Result;
        response.headers = { ...securityHeaders, ...response.headers };
        request.response = response;
        logger.info('request', {
          status: response.statusCode,
          code: request.error instanceof DomainError ? request.error.code : 'internal_error',
          method: request.event.requestContext?.http?.method,
          path: request.event.rawPath,
        });
      },
    })
    .handler(async (event) => {
      const headers: Record<string, string | undefined> = Object.fromEntries(
        Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v as string | undefined]),
      );
      const params = (event.pathParameters ?? {}) as Record<string, string>;
      // before anything reads a key built from them (DynamoDB refuses keys over 1 KB with a 500, not a 404)
      if (Object.values(params).some((id) => id.length > MAX_PATH_ID_LENGTH)) throw new NotFoundError();
      const caller = await spec.auth.authenticate(headers, params);

      const rawBody = spec.body || spec.emptyBody ? readBody(event) : undefined;
      if (spec.emptyBody) assertEmptyBody(rawBody);
      const body = (spec.body ? parseWith(spec.body, rawBody ?? {}) : undefined) as Infer<BS>;
      const query = (spec.query ? parseWith(spec.query, event.queryStringParameters ?? {}) : undefined) as Infer<QS>;
      const ifMatch = parseIfMatch(headers['if-match']);
      if (ifMatch === 'invalid')
        throw new ValidationError([{ path: 'If-Match', message: 'must be an ETag such as "3"' }], 'validation_failed');

      const run = () => operation({ caller, params, body, query, ifMatch, headers });
      const key = headers['idempotency-key'];
      if (spec.idempotency && key !== undefined) {
        return withIdempotency(
          spec.idempotency,
          spec.clock ?? { now: () => new Date() },
          { caller, key, method: event.requestContext.http.method, path: event.rawPath, body: rawBody },
          run,
        );
      }
      return run();
    });
}

export { problem };
