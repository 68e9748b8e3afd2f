import * as v from 'valibot';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '#domain/errors.ts';
import { api } from '#http/api.ts';
import { meAuth, memberAuth, operatorAuth, publicAuth } from '#http/authenticate.ts';
import { idempotencyWith, withIdempotency } from '#http/idempotency.ts';
import { openApiDocument } from '#http/openapi.ts';
import { defineRoute } from '#http/route-types.ts';
import { routes } from '#http/routes.ts';
import { created, json, parseIfMatch } from '#http/responses.ts';
import { CreateUserBody } from '#http/schemas/user-create.ts';
import { UpdateUserBody } from '#http/schemas/user-update.ts';
import type { IdempotencyRecord, IdempotencyStore } from '#ports/idempotency.ts';
import { gatewayEvent } from '../builders/gateway-event.ts';

beforeAll(() => {
  process.env.CURSOR_SECRET = 'unit-test-secret';
});

/** An API Gateway v2 event, as the gateway (or the local gateway) delivers it: a JSON POST unless told otherwise. */
const event = (
  over: { body?: string; headers?: Record<string, string>; query?: Record<string, string>; method?: string } = {},
): APIGatewayProxyEventV2 =>
  gatewayEvent({
    method: over.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...over.headers },
    query: over.query,
    body: over.body,
  });
const ctx = { awsRequestId: 'req-1' } as Context;
const call = async (h: ReturnType<typeof api>, e: APIGatewayProxyEventV2) => {
  const r = (await h(e, ctx)) as { statusCode: number; headers: Record<string, string>; body: string };
  return { ...r, json: r.body ? JSON.parse(r.body) : undefined };
};

/** A declaration for the pipeline under test; only what it says about auth and input matters here. */
const probe = {
  operationId: 'probe',
  method: 'POST',
  path: '/t',
  area: 'platform',
  grants: [],
  summary: 'probe',
  tags: [],
} as const;
const publicProbe = defineRoute({ ...probe, auth: publicAuth, responses: {} });
const createHandler = api(
  defineRoute({ ...probe, auth: publicAuth, request: { body: CreateUserBody }, responses: {} }),
  {},
  async ({ body }) => json(201, body),
);
const valid = { username: 'alice', email: 'Alice@Example.COM', firstName: 'Alice', lastName: 'A' };

describe('request pipeline', () => {
  it('accepts a valid body and normalises the email (positive control)', async () => {
    const r = await call(createHandler, event({ body: JSON.stringify(valid) }));
    expect(r.statusCode).toBe(201);
    expect(r.json.email).toBe('alice@example.com');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses mass assignment with the offending paths', async () => {
    const r = await call(
      createHandler,
      event({ body: JSON.stringify({ ...valid, id: 'x', status: 'active', accountId: 'a', version: 9 }) }),
    );
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.json.code).toBe('validation_failed');
    expect(r.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['accountId', 'id', 'status', 'version']);
  });

  it('names every invalid field with a readable message', async () => {
    const r = await call(
      createHandler,
      event({ body: JSON.stringify({ username: 'A B', email: 'nope', firstName: '', role: 'root' }) }),
    );
    const byPath = Object.fromEntries(r.json.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(byPath.username).toMatch(/lowercase letters/);
    expect(byPath.email).toMatch(/valid email/);
    expect(byPath.firstName).toBe('must not be empty');
    expect(byPath.lastName).toBe('is required');
    expect(byPath.role).toMatch(/one of/);
  });

  it('refuses malformed JSON (400), other media types (415) and large bodies (413)', async () => {
    expect((await call(createHandler, event({ body: '{"username":' }))).json.code).toBe('validation_failed');
    expect(
      (await call(createHandler, event({ body: JSON.stringify(valid), headers: { 'content-type': 'text/plain' } })))
        .statusCode,
    ).toBe(415);
    expect(
      (await call(createHandler, event({ body: JSON.stringify({ ...valid, firstName: 'x'.repeat(70_000) }) })))
        .statusCode,
    ).toBe(413);
  });

  it('an unexpected error is a generic 500 that leaks nothing', async () => {
    const h = api(publicProbe, {}, async () => {
      throw Object.assign(new Error('User: arn:aws:iam::123:role/x is not authorized to perform dynamodb:PutItem'), {
        name: 'AccessDeniedException',
      });
    });
    const r = await call(h, event());
    expect(r.statusCode).toBe(500);
    expect(r.body).not.toMatch(/arn:aws|dynamodb|AccessDenied/);
    expect(r.json).toMatchObject({ status: 500, code: 'internal_error' });
  });

  it('a path id longer than any id is 404 before anything reads with it; 64 characters still pass (positive control)', async () => {
    // an operator route: authenticating it loads the key, so the loads count the authentications
    let authenticated = 0;
    const h = api(
      defineRoute({ ...probe, auth: operatorAuth, responses: {} }),
      { operatorKey: async () => (authenticated++, 'the-key') },
      async ({ params }) => json(200, params),
    );
    const at = (userId: string) =>
      ({
        ...event({ headers: { 'x-operator-key': 'the-key' } }),
        pathParameters: { accountId: 'acc', userId },
      }) as APIGatewayProxyEventV2;
    const long = await call(h, at('u'.repeat(65)));
    expect(long.statusCode).toBe(404);
    expect(authenticated).toBe(0);
    const edge = await call(h, at('u'.repeat(64)));
    expect(edge.statusCode).toBe(200);
    expect(edge.json).toEqual({ accountId: 'acc', userId: 'u'.repeat(64) });
  });

  it('domain errors keep their status and code', async () => {
    const h = api(publicProbe, {}, async () => {
      throw new ConflictError('already');
    });
    expect((await call(h, event())).json).toMatchObject({ status: 409, code: 'conflict', detail: 'already' });
  });

  it('operator routes need the right key, compared in constant time', async () => {
    const h = api(
      defineRoute({ ...probe, auth: operatorAuth, responses: {} }),
      { operatorKey: async () => 'the-key' },
      async () => json(200, { ok: true }),
    );
    expect((await call(h, event())).statusCode).toBe(401);
    expect((await call(h, event({ headers: { 'x-operator-key': 'wrong' } }))).statusCode).toBe(401);
    expect((await call(h, event({ headers: { 'x-operator-key': 'the-key' } }))).statusCode).toBe(200);
  });

  it('action routes without fields accept no body or {} and refuse any field (mass assignment), without a schema', async () => {
    const h = api(
      defineRoute({ ...probe, auth: publicAuth, request: { emptyBody: true }, responses: {} }),
      {},
      async () => json(200, { ok: true }),
    );
    expect((await call(h, event())).statusCode).toBe(200);
    expect((await call(h, event({ body: '{}' }))).statusCode).toBe(200);
    const refused = await call(h, event({ body: JSON.stringify({ status: 'active', role: 'account_manager' }) }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(['role', 'status']);
    expect((await call(h, event({ body: '[1]' }))).statusCode).toBe(400);
  });

  it('parses If-Match ETags', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('*')).toBeUndefined();
    expect(parseIfMatch('"abc"')).toBe('invalid');
  });

  it('PATCH schemas refuse status, id and version', () => {
    expect(v.safeParse(UpdateUserBody, { firstName: 'A' }).success).toBe(true);
    expect(v.safeParse(UpdateUserBody, { status: 'active' }).success).toBe(false);
    expect(v.safeParse(UpdateUserBody, { version: 3 }).success).toBe(false);
  });
});

describe('the pipeline follows the declaration', () => {
  it('builds the Location of a 201 from the template: path parameters and the new id', async () => {
    const h = api(
      defineRoute({ ...probe, auth: publicAuth, responses: {}, location: '/v1/accounts/{accountId}/things/{id}' }),
      {},
      async ({ location }) => created(location('t-1'), {}),
    );
    const r = await call(h, { ...event(), pathParameters: { accountId: 'acc-9' } } as APIGatewayProxyEventV2);
    expect(r.statusCode).toBe(201);
    expect(r.headers.location).toBe('/v1/accounts/acc-9/things/t-1');
    // a template without `{id}` names the resource by the path alone
    const put = api(
      defineRoute({ ...probe, auth: publicAuth, responses: {}, location: '/v1/pairs/{a}/{b}' }),
      {},
      async ({ location }) => created(location(), {}),
    );
    const p = await call(put, { ...event(), pathParameters: { a: 'x', b: 'y' } } as APIGatewayProxyEventV2);
    expect(p.headers.location).toBe('/v1/pairs/x/y');
  });

  it('honours Idempotency-Key on idempotent routes only, with the wired store and clock', async () => {
    const store = new MemoryIdempotency();
    let clockReads = 0;
    const clock = { now: () => (clockReads++, new Date()) };
    let runs = 0;
    const idempotent = api(
      defineRoute({ ...probe, auth: publicAuth, request: { emptyBody: true, idempotent: true }, responses: {} }),
      { idempotency: idempotencyWith(store, clock) },
      async () => json(201, { n: ++runs }),
    );
    const keyed = event({ headers: { 'idempotency-key': 'k1' } });
    const first = await call(idempotent, keyed);
    const again = await call(idempotent, keyed);
    expect(runs).toBe(1);
    expect(again.json).toEqual(first.json);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(clockReads).toBeGreaterThan(0);
    // positive control: the same call on a route not declared idempotent runs every time
    let plainRuns = 0;
    const plain = api(
      defineRoute({ ...probe, auth: publicAuth, request: { emptyBody: true }, responses: {} }),
      {},
      async () => json(201, { n: ++plainRuns }),
    );
    await call(plain, keyed);
    await call(plain, keyed);
    expect(plainRuns).toBe(2);
  });

  it('a wiring that lacks what the declaration needs fails when the handler is built, not on a request', () => {
    const member = defineRoute({ ...probe, path: '/v1/accounts/{accountId}/t', auth: memberAuth, responses: {} });
    const idempotent = defineRoute({ ...probe, auth: publicAuth, request: { idempotent: true }, responses: {} });
    const ok = async () => json(200, {});
    // @ts-expect-error a member route needs the identity store
    expect(() => api(member, {}, ok)).toThrow(/needs the identity store/);
    // @ts-expect-error an operator route needs the operator key
    expect(() => api(defineRoute({ ...probe, auth: operatorAuth, responses: {} }), {}, ok)).toThrow(/operator key/);
    // @ts-expect-error an idempotent route needs the idempotency store and a clock
    expect(() => api(idempotent, {}, ok)).toThrow(/idempotency store and a clock/);
    // positive control: the same routes, wired
    const identity = {} as Parameters<typeof api<typeof member>>[1]['identity'];
    expect(() => api(member, { identity }, ok)).not.toThrow();
    expect(() =>
      api(idempotent, { idempotency: idempotencyWith(new MemoryIdempotency(), { now: () => new Date() }) }, ok),
    ).not.toThrow();
  });

  it('account routes and /v1/me routes each take their own member auth, checked when the handler is built', () => {
    const ok = async () => json(200, {});
    const accountReads = {
      getAccountAccess: async () => ({ identity: null, membership: null, account: null }),
      getApiKeyAccess: async () => ({ key: null, user: null, account: null }),
      touchApiKey: async () => {},
    };
    const identityReads = { ...accountReads, getAccess: async () => ({ identity: null, memberships: [] }) };
    const me = defineRoute({ ...probe, path: '/v1/me/t', auth: meAuth, responses: {} });
    // memberAuth serves only paths that name the account (the types take such a route for a /v1/me one)
    expect(() =>
      // @ts-expect-error a path without {accountId} needs the identity's own reads
      api(defineRoute({ ...probe, auth: memberAuth, responses: {} }), { identity: accountReads }, ok),
    ).toThrow(/\{accountId\} in the path/);
    // @ts-expect-error a /v1/me route needs the identity's own reads too
    expect(() => api(me, { identity: accountReads }, ok)).toThrow(/identity reads/);
    // positive control: with them (accountSummaries included)
    expect(() => api(me, { identity: { ...identityReads, accountSummaries: async () => [] } }, ok)).not.toThrow();
  });

  it('types what the handler receives from the declaration (checked by tsc)', () => {
    const patch = defineRoute({
      ...probe,
      auth: publicAuth,
      request: { body: CreateUserBody, ifMatch: true },
      responses: {},
    });
    api(patch, {}, async ({ body, ifMatch }) => json(200, { username: body.username satisfies string, ifMatch }));
    // @ts-expect-error no If-Match on a route that does not declare it
    api(publicProbe, {}, async ({ ifMatch }) => json(200, { ifMatch }));
    // @ts-expect-error no body on a route without a body schema
    api(publicProbe, {}, async ({ body }) => json(200, { username: body.username }));
    // @ts-expect-error no Location on a route without a template
    api(publicProbe, {}, async ({ location }) => created(location('x'), {}));
    // @ts-expect-error adapters a public route does not use are refused
    api(publicProbe, { operatorKey: async () => 'k' }, async () => json(200, {}));
    expect(patch.request.ifMatch).toBe(true);
  });
});

describe('the declarations', () => {
  it('a 201 (or the 202 of work to follow, an import) carries a Location template, whose placeholders are the path parameters and the new id', () => {
    const withCreated = routes.filter((r) => 201 in r.responses);
    expect(withCreated.length).toBeGreaterThan(0);
    for (const r of routes) {
      if (201 in r.responses) expect(r.location !== undefined, r.operationId).toBe(true);
      if (r.location !== undefined) expect(201 in r.responses || 202 in r.responses, r.operationId).toBe(true);
      const params = new Set([...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
      for (const [, name] of r.location?.matchAll(/\{(\w+)\}/g) ?? [])
        expect(name === 'id' || params.has(name), `${r.operationId}: {${name}}`).toBe(true);
    }
  });

  it('say each request fact once: a body schema or no fields, auth flags only on member routes', () => {
    for (const r of routes) {
      expect(Boolean(r.request?.body && r.request.emptyBody), r.operationId).toBe(false);
      if (r.readsPathMember)
        expect(['member', 'scim'].includes(r.auth.kind) && r.path.includes('{userId}'), r.operationId).toBe(true);
      if (r.mfaEnrollment) expect(r.auth.kind, r.operationId).toBe('member');
    }
    expect(routes.some((r) => r.request?.emptyBody)).toBe(true);
  });
});

describe('cursors', () => {
  it('round-trip within their listing, and are refused when forged or foreign', async () => {
    const { encodeCursor, decodeCursor } = await import('#adapters/dynamodb/cursor.ts');
    const key = { PK: 'ACCOUNT#a', SK: 'USER#1', GSI1PK: 'ACCOUNT#a#USERS', GSI1SK: 'alice#1' };
    const c = encodeCursor(key, 'GSI1|ACCOUNT#a#USERS')!;
    expect(decodeCursor(c, 'GSI1|ACCOUNT#a#USERS')).toEqual(key);
    expect(() => decodeCursor(c, 'GSI1|ACCOUNT#b#USERS')).toThrow(/not a valid cursor/);
    const [payload, sig] = c.split('.');
    const forged = Buffer.from(JSON.stringify({ ...key, PK: 'ACCOUNT#b' })).toString('base64url');
    expect(() => decodeCursor(`${forged}.${sig}`, 'GSI1|ACCOUNT#a#USERS')).toThrow(/not a valid cursor/);
    expect(() => decodeCursor(`${payload}`, 'GSI1|ACCOUNT#a#USERS')).toThrow(/not a valid cursor/);
    expect(encodeCursor(undefined, 'x')).toBeNull();
  });
});

class MemoryIdempotency implements IdempotencyStore {
  records = new Map<string, IdempotencyRecord>();
  async claim(scope: string, key: string, requestHash: string) {
    const existing = this.records.get(`${scope}|${key}`);
    if (existing) return existing;
    this.records.set(`${scope}|${key}`, { requestHash, state: 'in_progress' });
    return null;
  }
  async complete(scope: string, key: string, response: NonNullable<IdempotencyRecord['response']>) {
    this.records.set(`${scope}|${key}`, { ...this.records.get(`${scope}|${key}`)!, state: 'completed', response });
  }
  async release(scope: string, key: string) {
    this.records.delete(`${scope}|${key}`);
  }
}

describe('idempotency', () => {
  const clock = { now: () => new Date() };
  const req = (body: unknown) => ({
    caller: { kind: 'operator' as const },
    key: 'k1',
    method: 'POST',
    path: '/v1/accounts',
    body,
  });

  it('replays the first response for the same body and creates nothing new', async () => {
    const store = new MemoryIdempotency();
    let runs = 0;
    const run = async () => json(201, { n: ++runs });
    const first = await withIdempotency(store, clock, req({ a: 1, b: 2 }), run);
    const second = await withIdempotency(store, clock, req({ b: 2, a: 1 }), run);
    expect(runs).toBe(1);
    expect(second.body).toBe(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
  });

  it('the same key with another body is 422; a failed attempt frees the key', async () => {
    const store = new MemoryIdempotency();
    await expect(
      withIdempotency(store, clock, req({ a: 1 }), async () => {
        throw new ConflictError();
      }),
    ).rejects.toThrow(ConflictError);
    expect(store.records.size).toBe(0);
    await withIdempotency(store, clock, req({ a: 1 }), async () => json(201, {}));
    await expect(withIdempotency(store, clock, req({ a: 2 }), async () => json(201, {}))).rejects.toMatchObject({
      status: 422,
    });
  });
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes every route with its request schema', () => {
    const doc = openApiDocument() as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    // the SCIM fallback (ANY …/{proxy+}) is no operation: the scim tag describes it
    for (const r of routes.filter((route) => route.method !== 'ANY')) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      if (r.request?.body) expect(op.requestBody).toBeDefined();
      // an action without fields is described as the empty object it takes
      if (r.request?.emptyBody)
        expect(op.requestBody, r.operationId).toMatchObject({
          content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } },
        });
      if (r.location)
        expect(
          Object.keys((op.responses[201 in r.responses ? '201' : '202'] as { headers: object }).headers),
        ).toContain('Location');
      // a file body is described by its media type
      if (r.request?.rawBody)
        expect(op.requestBody, r.operationId).toMatchObject({ content: { [r.request.rawBody.mediaType]: {} } });
      expect(Object.keys(op.responses)).toContain('500');
    }
    const createUser = doc.paths['/v1/accounts/{accountId}/users'].post as {
      requestBody: {
        content: { 'application/json': { schema: { additionalProperties: boolean; required: string[] } } };
      };
    };
    expect(createUser.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(createUser.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['username', 'firstName', 'lastName']),
    );
    // email is optional in the schema: only a person must give one (their sign-in), which the use case checks
    expect(createUser.requestBody.content['application/json'].schema.required).not.toContain('email');
    // query strings are described by what they mean, not as the strings they arrive as
    const listUsers = doc.paths['/v1/accounts/{accountId}/users'].get as unknown as {
      parameters: { name: string; schema: unknown }[];
    };
    expect(listUsers.parameters.find((p) => p.name === 'limit')?.schema).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: 100,
    });
    const unitUsers = doc.paths['/v1/accounts/{accountId}/units/{unitId}/users'].get as unknown as {
      parameters: { name: string; schema: unknown }[];
    };
    expect(unitUsers.parameters.find((p) => p.name === 'includeDescendants')?.schema).toEqual({ type: 'boolean' });
  });
});
