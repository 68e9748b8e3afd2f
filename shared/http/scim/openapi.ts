/**
 * How the OpenAPI document (shared/http/openapi.ts) describes SCIM routes: bodies and answers in
 * `application/scim+json` (requests also in `application/json`), SCIM errors instead of problem+json, the SCIM key as
 * their security, and the query parameters of lists and reads. SCIM resources are described by the schemas `/Schemas`
 * serves, not here: the document gives their envelope (schemas, id, meta) and RFC 7644's messages.
 */
import type { RouteDef } from '../route-types.ts';

type Json = Record<string, unknown>;

const SCIM = 'application/scim+json';
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The components SCIM operations refer to. */
export const scimComponents: Record<string, Json> = {
  ScimError: {
    type: 'object',
    description: 'A SCIM error (RFC 7644 §3.12)',
    required: ['schemas', 'status'],
    properties: {
      schemas: { type: 'array', items: { const: 'urn:ietf:params:scim:api:messages:2.0:Error' } },
      status: { type: 'string', description: 'The HTTP status, as a string' },
      scimType: {
        type: 'string',
        enum: [
          'invalidFilter',
          'tooMany',
          'uniqueness',
          'mutability',
          'invalidSyntax',
          'invalidPath',
          'noTarget',
          'invalidValue',
          'invalidVers',
          'sensitive',
        ],
      },
      detail: { type: 'string' },
    },
  },
  ScimResource: {
    type: 'object',
    description: 'A SCIM resource: its attributes are those its schemas define (GET …/Schemas serves them)',
    required: ['schemas'],
    properties: {
      schemas: { type: 'array', items: { type: 'string' } },
      id: { type: 'string' },
      meta: {
        type: 'object',
        properties: {
          resourceType: { type: 'string' },
          created: { type: 'string', format: 'date-time' },
          lastModified: { type: 'string', format: 'date-time' },
          location: { type: 'string', format: 'uri' },
          version: { type: 'string' },
        },
      },
    },
    additionalProperties: true,
  },
  ScimListResponse: {
    type: 'object',
    description: 'A SCIM list (RFC 7644 §3.4.2)',
    required: ['schemas', 'totalResults', 'Resources'],
    properties: {
      schemas: { type: 'array', items: { const: 'urn:ietf:params:scim:api:messages:2.0:ListResponse' } },
      totalResults: { type: 'integer' },
      itemsPerPage: { type: 'integer' },
      startIndex: { type: 'integer' },
      Resources: { type: 'array', items: ref('ScimResource') },
    },
  },
  ScimPatchOp: {
    type: 'object',
    description: 'A SCIM PATCH (RFC 7644 §3.5.2); `op` in any case',
    required: ['schemas', 'Operations'],
    properties: {
      schemas: { type: 'array', items: { const: 'urn:ietf:params:scim:api:messages:2.0:PatchOp' } },
      Operations: {
        type: 'array',
        maxItems: 1000,
        items: {
          type: 'object',
          required: ['op'],
          properties: { op: { type: 'string' }, path: { type: 'string' }, value: {} },
        },
      },
    },
  },
};

export const scimSecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  description:
    'An API key (sbk_…) of a system user of the account whose SCIM connection is enabled and who is an admin with ' +
    'manageUsers (PATCH /v1/accounts/{accountId}/users/{userId} {"scim": {"enabled": true}})',
};

const errorText: Record<number, string> = {
  400: 'Invalid request (scimType invalidValue, invalidFilter, invalidSyntax, invalidPath, noTarget, mutability, tooMany)',
  401: "Not a SCIM connection's API key of this account",
  404: 'Not found, or out of the connection\u2019s scope',
  405: 'Method not allowed on this path (Allow)',
  409: 'Conflict (scimType uniqueness)',
  412: 'Stale If-Match',
  413: 'Body over 1 MB',
  415: 'Body neither application/scim+json nor application/json',
  429: 'More than the account\u2019s SCIM requests per second (Retry-After)',
  500: 'Internal error',
  501: 'Not supported (Bulk, /Me, .search, sorting)',
};

const queryParam = (name: string, description: string, type = 'string') => ({
  name,
  in: 'query',
  required: false,
  schema: { type },
  description,
});
const projection = [
  queryParam('attributes', 'Comma-separated attributes to return (id, schemas and meta always are)'),
  queryParam('excludedAttributes', 'Comma-separated attributes to leave out'),
];

/** A SCIM list (GET on a collection): a ListResponse; a read or a write of one resource: the resource. */
const isList = (route: RouteDef) =>
  route.method === 'GET' && !route.path.endsWith('}') && !route.path.endsWith('/ServiceProviderConfig');
/** Users and Groups (not discovery): they filter, page, project and take If-Match. */
const isResource = (route: RouteDef) => /\/(Users|Groups)(\/|$)/.test(route.path);

export function scimOperation(route: RouteDef): Json {
  const parameters: Json[] = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (isResource(route) && route.method === 'GET') {
    if (isList(route))
      parameters.push(
        queryParam('filter', '`eq` terms joined by `and` (RFC 7644 §3.4.2.2)'),
        queryParam('startIndex', '1-based index of the first result', 'integer'),
        queryParam('count', 'Results per page (0–100, default 100)', 'integer'),
      );
    parameters.push(...projection);
  }
  if (isResource(route) && ['PUT', 'PATCH', 'DELETE'].includes(route.method))
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description: 'The version being changed (W/"<n>", as meta.version and ETag give it)',
    });

  const responses: Json = {};
  for (const [status, r] of Object.entries(route.responses)) {
    const headers = [...(status === '201' ? ['Location', 'ETag'] : []), ...(r.headers ?? [])];
    responses[status] = {
      description: r.description,
      ...(headers.length
        ? { headers: Object.fromEntries(headers.map((h) => [h, { schema: { type: 'string' } }])) }
        : {}),
      ...(status === '204'
        ? {}
        : { content: { [SCIM]: { schema: ref(isList(route) ? 'ScimListResponse' : 'ScimResource') } } }),
    };
  }
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
  const statuses = new Set([400, 401, ...(route.errors ?? []), 429, 500, ...(hasBody ? [413, 415] : [])]);
  for (const s of [...statuses].sort())
    responses[s] = { description: errorText[s] ?? 'Error', content: { [SCIM]: { schema: ref('ScimError') } } };
  const bodySchema = ref(route.method === 'PATCH' ? 'ScimPatchOp' : 'ScimResource');
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: route.tags,
    security: [{ scimKey: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(hasBody
      ? {
          requestBody: {
            required: true,
            description: 'At most 1 MB',
            content: { [SCIM]: { schema: bodySchema }, 'application/json': { schema: bodySchema } },
          },
        }
      : {}),
    responses,
  };
}

/** What the document says of SCIM as a whole, the fallback included (an `ANY …/{proxy+}` route is no operation). */
export const scimTag = {
  name: 'scim',
  description:
    'SCIM 2.0 provisioning (RFC 7643, RFC 7644) at /scim/v2/accounts/{accountId}: discovery, Users and Groups. ' +
    'Any other path or method below it answers a SCIM error after authentication: 405 with Allow on a known path, ' +
    '501 for /Bulk, /Me and .search, 404 otherwise.',
};
