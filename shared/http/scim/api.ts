/**
 * The SCIM 2.0 request pipeline (RFC 7644): what `api` (shared/http/api.ts) is to the rest of the API, for the routes
 * declared `scim: true`. Path guard → authenticate (scimAuth: 401 for anything but an enabled connection's key) → the
 * account's rate limit (after authentication, so that strangers cannot spend an account's budget) → the body (1 MB,
 * `application/scim+json` or `application/json`) and If-Match → the operation. Every error leaves as a SCIM error
 * (`application/scim+json`, `{schemas: [Error], status: "<code>", scimType?, detail}`), mapped once, here.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Clock } from '#domain/clock.ts';
import type { ScimDocument } from '#domain/scim/patch.ts';
import type { AccountAuthentication } from '#ports/identities.ts';
import type { RateLimiter } from '#ports/rate-limit.ts';
import { assertNoStrayApiKey, securityHeaders } from '../api.ts';
import { settleBackgroundWrites } from '../background.ts';
import { endRequest, maxPathParamLength, noteCaller, startRequest, traceRequest } from '../request-observation.ts';
import type { RouteDef } from '../route-types.ts';
import type { ScimCaller } from './auth.ts';
import { SCIM_CONTENT_TYPE, scimErrorResponse, ScimPipelineError, toScimError } from './error-response.ts';

export type { ScimDocument } from '#domain/scim/patch.ts';

/** SCIM request bodies may be this large (a PATCH of 1,000 members is about 60 KB); larger ones are 413. */
const SCIM_MAX_BODY_BYTES = 1024 * 1024;

export interface ScimRequest {
  caller: ScimCaller;
  params: Record<string, string>;
  /** The query string as sent (filter, startIndex, count, attributes…): SCIM operations parse it themselves. */
  query: Record<string, string | undefined>;
  /** The parsed JSON body (application/scim+json or application/json); undefined when empty. */
  body: unknown;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  /** `If-Match: W/"<n>"` or `"<n>"`; absent or `*`: undefined. A malformed one was refused (400 invalidValue). */
  ifMatch?: number;
  /** Absolute: `https://<domain>/scim/v2/accounts/<accountId>` (locally `http://127.0.0.1:<port>/…`). */
  baseUrl: string;
  /** The method as sent (the fallback, on `ANY`, answers by it). */
  method: string;
}

export interface ScimResult {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The weak ETag of a resource's version, as SCIM's `meta.version` shows it too. */
const scimVersion = (version: number): string => `W/"${version}"`;

export const scimOk = (body: ScimDocument, version?: number): ScimResult => ({
  statusCode: 200,
  body,
  ...(version !== undefined ? { headers: { etag: scimVersion(version) } } : {}),
});
export const scimCreated = (location: string, body: ScimDocument, version: number): ScimResult => ({
  statusCode: 201,
  body,
  headers: { location, etag: scimVersion(version) },
});
export const scimNoContent = (): ScimResult => ({ statusCode: 204 });

export interface ScimWiring {
  identity: AccountAuthentication;
  rateLimit: RateLimiter;
  /** The rate limit's clock (the handlers' clock, which the local test controls move). */
  clock: Pick<Clock, 'now'>;
}

type Handler = middy.MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>;

/** `W/"3"` or `"3"` → 3; `*` or absent → undefined; anything else → 'invalid'. */
function parseScimIfMatch(header: string | undefined): number | undefined | 'invalid' {
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(header) ?? /^\s*(\d{1,15})\s*$/.exec(header);
  return m ? Number(m[1]) : 'invalid';
}

/** The SCIM body: at most 1 MB (413), a JSON media type of the two SCIM accepts (415), valid JSON (400 invalidSyntax). */
function readScimBody(event: APIGatewayProxyEventV2, contentType: string | undefined): unknown {
  const raw = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  if (raw.length > SCIM_MAX_BODY_BYTES)
    throw new ScimPipelineError(413, undefined, `Bodies are limited to ${SCIM_MAX_BODY_BYTES} bytes`);
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/scim+json' && type !== 'application/json')
    throw new ScimPipelineError(415, undefined, 'Send the body as application/scim+json or application/json');
  try {
    return JSON.parse(text);
  } catch {
    throw new ScimPipelineError(400, 'invalidSyntax', 'The body is not valid JSON');
  }
}

/**
 * The base of the account's SCIM resources, absolute, from the request: the domain it was sent to, https unless the
 * gateway says otherwise (`X-Forwarded-Proto`; the local gateway on a loopback host: http).
 */
function baseUrlOf(event: APIGatewayProxyEventV2, headers: Record<string, string | undefined>): string {
  const host = event.requestContext?.domainName ?? headers.host ?? '127.0.0.1';
  const loopback = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host);
  const proto = headers['x-forwarded-proto'] ?? (loopback ? 'http' : 'https');
  return `${proto}://${host}/scim/v2/accounts/${event.pathParameters?.accountId ?? ''}`;
}

function toResponse(result: ScimResult): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: result.statusCode,
    headers: {
      ...securityHeaders,
      ...(result.body !== undefined ? { 'content-type': SCIM_CONTENT_TYPE } : {}),
      ...result.headers,
    },
    ...(result.body !== undefined ? { body: JSON.stringify(result.body) } : {}),
  };
}

/**
 * A SCIM route's handler: the declaration (`scim: true`, `auth: scimAuth`), the adapters (`wiring`) and the operation,
 * which receives a ScimRequest and returns a ScimResult (scimOk, scimCreated, scimNoContent).
 */
export function scimApi<const R extends RouteDef & { scim: true }>(
  route: R,
  wiring: ScimWiring,
  operation: (req: ScimRequest) => Promise<ScimResult>,
): Handler {
  if (route.auth.kind !== 'scim') throw new Error(`${route.operationId}: a SCIM route takes scimAuth`);
  const auth = route.auth.authenticator({ identity: wiring.identity }, route);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context, { startedAt: number }>()
    .use({
      before: (request) => {
        request.internal.startedAt = startRequest(route, request.event, request.context);
      },
      after: (request) => {
        endRequest(route, request.event, request.internal.startedAt, request.response?.statusCode ?? 200);
      },
      onError: (request) => {
        const error = toScimError(request.error);
        const response = scimErrorResponse(error);
        request.response = { ...response, headers: { ...securityHeaders, ...response.headers } };
        endRequest(route, request.event, request.internal.startedAt, error.status, error.scimType ?? error.code);
      },
    })
    .handler((event) =>
      traceRequest(route, async () => {
        try {
          return toResponse(await handle(event));
        } finally {
          await settleBackgroundWrites();
        }
      }),
    );

  async function handle(event: APIGatewayProxyEventV2): Promise<ScimResult> {
    const headers: Record<string, string | undefined> = Object.fromEntries(
      Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v as string | undefined]),
    );
    const params = (event.pathParameters ?? {}) as Record<string, string>;
    // ids are keys: a longer one names nothing (the fallback's rest of the path is no key, and is not an id)
    if (Object.entries(params).some(([name, id]) => name !== 'proxy' && id.length > maxPathParamLength(name)))
      throw new ScimPipelineError(404, undefined, 'Resource not found');
    assertNoStrayApiKey(event, headers);
    const caller = (await auth.authenticate(headers, params)) as ScimCaller;
    noteCaller(caller);
    if (!(await wiring.rateLimit.take(caller.membership.accountId, wiring.clock.now())))
      throw new ScimPipelineError(429, undefined, 'Too many requests for this account in one second; retry', {
        'retry-after': '1',
      });
    const body = readScimBody(event, headers['content-type']);
    const ifMatch = parseScimIfMatch(headers['if-match']);
    if (ifMatch === 'invalid')
      throw new ScimPipelineError(400, 'invalidValue', 'If-Match must be an ETag this service issued, such as W/"3"');
    return operation({
      caller,
      params,
      query: { ...(event.queryStringParameters ?? {}) },
      body,
      headers,
      ...(ifMatch !== undefined ? { ifMatch } : {}),
      baseUrl: baseUrlOf(event, headers),
      method: event.requestContext?.http?.method ?? 'GET',
    });
  }
}
