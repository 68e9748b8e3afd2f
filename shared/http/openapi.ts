import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { Problem } from './schemas/common.ts';
import { NoBody } from './schemas/lifecycle.ts';
import { responseSchemas } from './schemas/responses.ts';
import { routes } from './routes.ts';
import type { RouteDef } from './route-types.ts';
import { scimComponents, scimOperation, scimSecurityScheme, scimTag } from './scim/openapi.ts';

type Json = Record<string, unknown>;

/** A value's own description where JSON Schema cannot follow its pipe (schemas/common.ts `described`). */
const ownDescription = ({ valibotAction }: { valibotAction: { type: string; metadata?: { jsonSchema?: Json } } }) =>
  valibotAction.type === 'metadata' ? valibotAction.metadata?.jsonSchema : undefined;

const schemaOf = (s: v.GenericSchema, io: 'input' | 'output'): Json => {
  const { $schema: _ignored, ...rest } = toJsonSchema(s, {
    target: 'draft-2020-12',
    typeMode: io,
    errorMode: 'ignore',
    overrideAction: ownDescription,
  }) as Json;
  return rest;
};

/** A hosted page's refusals: HTML pages in the visitor's language, never problem+json. */
const pageErrorText: Record<number, string> = {
  400: 'A query string or form this page does not take, or a form with mistakes (shown beside the fields)',
  403: 'A form post without the CSRF token of the page that showed it, or from another site',
  413: 'Form too large',
  415: 'Not a form post (application/x-www-form-urlencoded)',
  500: 'Internal error',
};

const errorText: Record<number, string> = {
  400: 'Validation failed (problem+json with `errors`)',
  401: 'Missing, invalid or revoked credentials',
  403: 'Not allowed for this role',
  404: 'Not found, or not visible to the caller',
  409: 'Conflict (uniqueness or state)',
  410: 'Link used, revoked or expired',
  412: 'Stale If-Match',
  413: 'Body too large',
  415: 'Body is not of the media type the operation takes (JSON unless it says otherwise)',
  422: 'Idempotency-Key reused with another body',
  429: 'Rate limited',
  500: 'Internal error',
};

function operation(route: RouteDef): Json {
  const parameters: Json[] = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (route.request?.query) {
    const q = schemaOf(route.request.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {}))
      parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
  }
  if (route.request?.ifMatch)
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description: 'ETag of the version being edited',
    });
  if (route.request?.idempotent)
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', maxLength: 255 },
    });
  if (route.auth.kind === 'operator' || route.auth.kind === 'memberOrOperator')
    parameters.push({
      name: 'X-Operator-Key',
      in: 'header',
      required: route.auth.kind === 'operator',
      schema: { type: 'string' },
    });

  const responses: Json = {};
  for (const [status, r] of Object.entries(route.responses)) {
    // the 201 (or the 202 of work accepted) of a route with a `location` template carries it
    const headers = [
      ...((status === '201' || status === '202') && route.location ? ['Location'] : []),
      ...(r.headers ?? []),
    ];
    responses[status] = {
      description: r.description,
      ...(headers.length
        ? { headers: Object.fromEntries(headers.map((h) => [h, { schema: { type: 'string' } }])) }
        : {}),
      ...(r.schema
        ? { content: { 'application/json': { schema: schemaOf(responseSchemas[r.schema], 'output') } } }
        : {}),
      ...(r.mediaType ? { content: { [r.mediaType]: { schema: { type: 'string' } } } } : {}),
    };
  }
  // a hosted page answers HTML, its refusals too (400 bad form or query, 403 without its CSRF token, 500)
  if (route.page) {
    const form = route.request?.form;
    for (const s of form ? [400, 403, 413, 415, 500] : [400, 500])
      responses[s] = { description: pageErrorText[s], content: { 'text/html': { schema: { type: 'string' } } } };
    return {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      security: [],
      ...(parameters.length ? { parameters } : {}),
      ...(form
        ? {
            requestBody: {
              required: true,
              description: 'A form post; `csrf` is the token of the page that showed the form (and of its cookie).',
              content: { 'application/x-www-form-urlencoded': { schema: schemaOf(form, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  // an action without fields takes `{}` or nothing: described as the empty object it accepts
  const body = route.request?.body ?? (route.request?.emptyBody ? NoBody : undefined);
  const statuses = new Set([400, ...(route.auth.kind === 'public' ? [] : [401]), ...(route.errors ?? []), 500]);
  const rawBody = route.request?.rawBody;
  if (body || rawBody) for (const s of [413, 415]) statuses.add(s);
  for (const s of [...statuses].sort())
    responses[s] = {
      description: errorText[s] ?? 'Error',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };

  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: route.tags,
    ...(route.auth.kind === 'member'
      ? { security: [{ bearer: [] }] }
      : route.auth.kind === 'operator'
        ? { security: [{ operatorKey: [] }] }
        : route.auth.kind === 'memberOrOperator'
          ? { security: [{ bearer: [] }, { operatorKey: [] }] }
          : { security: [] }),
    ...(parameters.length ? { parameters } : {}),
    ...(body
      ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(body, 'input') } } } }
      : {}),
    ...(rawBody
      ? {
          requestBody: {
            required: true,
            description: `${rawBody.description} At most ${rawBody.maxBytes} bytes.`,
            content: { [rawBody.mediaType]: { schema: { type: 'string', maxLength: rawBody.maxBytes } } },
          },
        }
      : {}),
    responses,
  };
}

/** OpenAPI 3.1, generated from the operations' declarations and the very schemas that validate requests. */
export function openApiDocument(): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    // the SCIM fallback (`ANY …/{proxy+}`) is no operation: the scim tag describes what it answers
    if (route.method === 'ANY') continue;
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, Json>)[route.method.toLowerCase()] = route.scim
      ? scimOperation(route)
      : operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard API',
      version: '1.0.0',
      description:
        'User management for communications providers. Conventions: problem+json errors, ETag/If-Match, Idempotency-Key, cursor pagination. SCIM routes (/scim/v2/…) follow RFC 7644 instead: SCIM errors, application/scim+json.',
    },
    servers: [{ url: '/' }],
    tags: [scimTag],
    paths,
    components: {
      schemas: { Problem: schemaOf(Problem, 'output'), ...scimComponents },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            "A Cognito access token from POST /v1/auth/token, or on account routes a system user's API key (sbk_…)",
        },
        operatorKey: { type: 'apiKey', in: 'header', name: 'X-Operator-Key' },
        scimKey: scimSecurityScheme,
      },
    },
  };
}
