import { createHash } from 'node:crypto';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as v from 'valibot';
import type { AnonymousCaller, IdentityCaller, MemberCaller, OperatorCaller } from '#domain/caller.ts';
import { API_KEY_LOOKALIKE } from '#domain/api-key.ts';
import { DomainError, NotFoundError, UnauthenticatedError, ValidationError } from '#domain/errors.ts';
import type { AccountAuthentication, IdentityAuthentication } from '#ports/identities.ts';
import type { AuthAdapters } from './authenticate.ts';
import { settleBackgroundWrites } from './background.ts';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './body-errors.ts';
import type { Idempotency } from './idempotency.ts';
import { problem, toProblem } from './problem.ts';
import { endRequest, maxPathParamLength, noteCaller, startRequest, traceRequest } from './request-observation.ts';
import { parseIfMatch, type Result } from './responses.ts';
import type { FileReader } from './raw-body.ts';
import type { RawBody, RouteAuth, RouteDef } from './route-types.ts';
import { parseWith } from './validation.ts';

export const MAX_BODY_BYTES = 64 * 1024;

/** Who calls, by the route's auth: member routes get a member (account in the path) or an identity (`/v1/me`). */
type CallerOf<A extends RouteAuth> = A extends 'member'
  ? MemberCaller | IdentityCaller
  : A extends 'operator'
    ? OperatorCaller
    : A extends 'memberOrOperator'
      ? MemberCaller | IdentityCaller | OperatorCaller
      : AnonymousCaller;

type BodyOf<R> = R extends { request: { body: infer S extends v.GenericSchema } }
  ? v.InferOutput<S>
  : R extends { request: { rawBody: RawBody } }
    ? Uint8Array
    : undefined;
type QueryOf<R> = R extends { request: { query: infer S extends v.GenericSchema } } ? v.InferOutput<S> : undefined;
/** `location(id)` when the template names the new resource (`{id}`), `location()` when the path says it all. */
type LocationOf<L extends string> = L extends `${string}{id}${string}` ? (id: string) => string : () => string;

/** What the operation receives: only what its declaration says it has (an If-Match version, a `Location`). */
export type ApiRequest<R extends RouteDef> = {
  caller: CallerOf<R['auth']['kind']>;
  params: Record<string, string>;
  body: BodyOf<R>;
  query: QueryOf<R>;
  headers: Record<string, string | undefined>;
} & (R extends { request: { ifMatch: true } } ? { ifMatch?: number } : unknown) &
  (R extends { location: infer L extends string } ? { location: LocationOf<L> } : unknown);

/**
 * The adapters the pipeline needs, by what the declaration says: the identity store on member routes, the operator
 * key on operator routes, both on member-or-operator routes, the idempotency store and a clock on idempotent ones
 * (`idempotencyWith`, idempotency.ts), the file reader (raw-body.ts) on routes that take a file. Nothing else, nothing
 * missing; and a function bundles the code of what its route declares alone.
 */
export type Wiring<R extends RouteDef> = (R['auth']['kind'] extends 'member'
  ? { identity: AuthenticationOf<R>; operatorKey?: never }
  : R['auth']['kind'] extends 'operator'
    ? { operatorKey: () => Promise<string>; identity?: never }
    : R['auth']['kind'] extends 'memberOrOperator'
      ? { identity: AuthenticationOf<R>; operatorKey: () => Promise<string> }
      : { identity?: never; operatorKey?: never }) &
  (R extends { request: { idempotent: true } } ? { idempotency: Idempotency } : { idempotency?: never }) &
  (R extends { request: { rawBody: RawBody } } ? { readFile: FileReader } : { readFile?: never });

/** An account route's authentication reads its account's access alone; `/v1/me…` also the identity's own partition. */
type AuthenticationOf<R extends RouteDef> = R['path'] extends `${string}{accountId}${string}`
  ? AccountAuthentication
  : IdentityAuthentication;

interface AnyWiring extends AuthAdapters {
  idempotency?: Idempotency;
  readFile?: FileReader;
}

/** Fills a `Location` template: the path's parameters, and `{id}` for the new resource. */
const locationOf = (template: string, params: Record<string, string>, id?: string) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' ? String(id) : params[name]));

type Timing = { startedAt: number };

export const securityHeaders = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function readBody(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES)
    throw new PayloadTooLargeError(`Bodies are limited to ${MAX_BODY_BYTES} bytes`);
  const type = (event.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (raw.trim() === '') return undefined;
  if (type !== 'application/json' && !type.endsWith('+json'))
    throw new UnsupportedMediaTypeError('Send the body as application/json');
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

/**
 * An API key goes in `Authorization` only: one in a query string (which proxies and browsers log), in a cookie or in
 * any other header is refused (401) on every route, before anything reads it, so that a client learns at once. Nothing of it is
 * logged (the request log records the path without its query string).
 */
export function assertNoStrayApiKey(event: APIGatewayProxyEventV2, headers: Record<string, string | undefined>): void {
  let query = event.rawQueryString ?? '';
  try {
    query = decodeURIComponent(query);
  } catch {
    // a malformed escape: look at the raw text
  }
  const inHeaders = Object.entries(headers).some(
    ([name, value]) => name !== 'authorization' && value !== undefined && API_KEY_LOOKALIKE.test(value),
  );
  // payload v2 carries cookies apart from the headers
  const inCookies = (event.cookies ?? []).some((cookie) => API_KEY_LOOKALIKE.test(cookie));
  if (inHeaders || inCookies || API_KEY_LOOKALIKE.test(query))
    throw new UnauthenticatedError('Send an API key in the Authorization header only (Bearer sbk_…)');
}

/**
 * Every API handler is this pipeline: authenticate → read and validate input → (idempotency) → the operation.
 * All of it follows the operation's declaration (shared/http/operations/); the handler gives only the adapters
 * (`wiring`) and the operation. Errors are turned into problem+json once, here; handlers only call a use case and
 * shape the response.
 */
export function api<const R extends RouteDef>(
  route: R,
  wiring: Wiring<R>,
  operation: (req: ApiRequest<R>) => Promise<Result>,
) {
  // built once per container; a wiring the types would refuse fails here, at load, not on a request
  const auth = route.auth.authenticator(wiring as AnyWiring, route);
  const { idempotency, readFile } = wiring as AnyWiring;
  const { body: bodySchema, rawBody: rawFile, query: querySchema, emptyBody, idempotent } = route.request ?? {};
  if (idempotent && !idempotency)
    throw new Error(`${route.operationId}: an idempotent route needs the idempotency store and a clock`);
  if (rawFile && !readFile) throw new Error(`${route.operationId}: a route that takes a file needs readRawBody`);
  const location = route.location;
  return (
    middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context, Timing>()
      .use({
        before: (request) => {
          request.internal.startedAt = startRequest(route, request.event, request.context);
        },
        after: (request) => {
          const response = request.response as Result;
          response.headers = { ...securityHeaders, ...response.headers };
          endRequest(route, request.event, request.internal.startedAt, response.statusCode);
        },
        onError: (request) => {
          const response = toProblem(request.error) as Result;
          response.headers = { ...securityHeaders, ...response.headers };
          request.response = response;
          const problemCode = request.error instanceof DomainError ? request.error.code : 'internal_error';
          endRequest(route, request.event, request.internal.startedAt, response.statusCode, problemCode);
        },
      })
      // a write authentication started beside the operation (an API key's last use) ends before the answer leaves
      .handler((event) =>
        traceRequest(route, async () => {
          try {
            return await handle(event);
          } finally {
            await settleBackgroundWrites();
          }
        }),
      )
  );

  async function handle(event: APIGatewayProxyEventV2): Promise<Result> {
    const headers: Record<string, string | undefined> = Object.fromEntries(
      Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v as string | undefined]),
    );
    const params = (event.pathParameters ?? {}) as Record<string, string>;
    // before anything reads a key built from them (DynamoDB refuses keys over 1 KB with a 500, not a 404)
    if (Object.entries(params).some(([name, id]) => id.length > maxPathParamLength(name))) throw new NotFoundError();
    assertNoStrayApiKey(event, headers);
    const caller = await auth.authenticate(headers, params);
    noteCaller(caller);

    const rawBody = bodySchema || emptyBody ? readBody(event) : undefined;
    if (emptyBody) assertEmptyBody(rawBody);
    const file = rawFile && readFile ? readFile(event, rawFile) : undefined;
    const body = bodySchema ? parseWith(bodySchema, rawBody ?? {}) : file;
    const query = querySchema ? parseWith(querySchema, event.queryStringParameters ?? {}) : undefined;
    const ifMatch = parseIfMatch(headers['if-match']);
    if (ifMatch === 'invalid')
      throw new ValidationError([{ path: 'If-Match', message: 'must be an ETag such as "3"' }], 'validation_failed');

    const request = {
      caller,
      params,
      body,
      query,
      ifMatch,
      headers,
      ...(location ? { location: (id?: string) => locationOf(location, params, id) } : {}),
    } as unknown as ApiRequest<R>;
    const run = () => operation(request);
    const key = headers['idempotency-key'];
    if (idempotency && key !== undefined) {
      return idempotency.run(
        {
          caller,
          key,
          method: event.requestContext.http.method,
          path: event.rawPath,
          // a file is told apart by its digest and the options of the query string
          body: file ? { file: createHash('sha256').update(file).digest('base64url'), query: query ?? null } : rawBody,
        },
        run,
      );
    }
    return run();
  }
}

export { problem };
