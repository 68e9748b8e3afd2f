/**
 * The SCIM platform without a network: the pipeline over the in-memory ports (who is let in, the rate limit after
 * authentication, bodies, If-Match, the base URL, every error as a SCIM error), the connection settings, greedy and
 * ANY routes in the local route matcher, the fallback's answers and its table against the route table, discovery,
 * and the OpenAPI description of SCIM routes.
 */
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  UsernameTakenError,
  ValidationError,
} from '#domain/errors.ts';
import { ScimError } from '#domain/scim/errors.ts';
import { SCIM_ERROR } from '#domain/scim/schemas.ts';
import { openApiDocument } from '#http/openapi.ts';
import { defineRoute } from '#http/route-types.ts';
import { routes } from '#http/routes.ts';
import { scimApi, scimCreated, scimOk, type ScimRequest, type ScimResult } from '#http/scim/api.ts';
import { scimAuth } from '#http/scim/auth.ts';
import {
  discoveryList,
  findResourceType,
  findSchema,
  resourceTypes,
  schemas,
  SCIM_MAX_RESULTS,
  serviceProviderConfig,
} from '#http/scim/discovery.ts';
import { fallbackError, scimPathMethods } from '#http/scim/fallback.ts';
import { MAX_COUNT } from '#http/scim/list-query.ts';
import type { RateLimiter } from '#ports/rate-limit.ts';
import { createApiKey } from '#use-cases/api-keys.ts';
import { createUser, updateUser } from '#use-cases/users.ts';
import { createRouteMatcher } from '../../local/route-matcher.ts';
import { gatewayEvent } from '../builders/gateway-event.ts';
import { orgWorld } from '../builders/memory.ts';

const probe = defineRoute({
  operationId: 'scimProbe',
  method: 'POST',
  path: '/scim/v2/accounts/{accountId}/Probe',
  auth: scimAuth,
  scim: true,
  area: 'scim',
  grants: ['table:read', 'table:write'],
  summary: 'probe',
  tags: ['scim'],
  responses: { 200: { description: 'ok' } },
});

/** A rate limiter that counts what it was asked and refuses once `limit` is reached. */
function countingLimiter(limit = Number.POSITIVE_INFINITY) {
  const taken: string[] = [];
  const limiter: RateLimiter = {
    take: async (accountId) => {
      taken.push(accountId);
      return taken.length <= limit;
    },
  };
  return { limiter, taken };
}

async function world() {
  const w = await orgWorld();
  const deps = { ...w.deps, units: w.memory.store, apiKeys: w.dir.apiKeys.store };
  const system = async (over: Record<string, unknown> = {}) =>
    createUser(deps, w.manager(), {
      type: 'system',
      username: `idp${Math.random().toString(36).slice(2, 10)}`,
      firstName: 'Identity',
      lastName: 'Provider',
      role: 'admin',
      unitId: w.rootId,
      adminUnitIds: [w.rootId],
      capabilities: { manageUsers: true },
      ...over,
    });
  const keyOf = async (userId: string) => (await createApiKey(deps, w.manager(), userId, { name: 'idp' })).key;
  const enable = (userId: string, scim: Record<string, unknown> = { enabled: true }) =>
    updateUser(deps, w.manager(), userId, { scim });
  return { ...w, deps, system, keyOf, enable };
}

type W = Awaited<ReturnType<typeof world>>;

function handlerFor(
  w: W,
  operation: (req: ScimRequest) => Promise<ScimResult> = async () => scimOk({ ok: true }),
  limit?: number,
) {
  const { limiter, taken } = countingLimiter(limit);
  const handler = scimApi(probe, { identity: w.dir.identityStore, rateLimit: limiter, clock: w.clock }, operation);
  const send = async (
    over: { key?: string; headers?: Record<string, string>; body?: string; accountId?: string; domain?: string } = {},
  ) => {
    const event = gatewayEvent({
      method: 'POST',
      path: `/scim/v2/accounts/${over.accountId ?? w.account.id}/Probe`,
      headers: {
        ...(over.key ? { authorization: `Bearer ${over.key}` } : {}),
        ...(over.body !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        ...over.headers,
      },
      body: over.body,
      pathParameters: { accountId: over.accountId ?? w.account.id },
    });
    event.requestContext.domainName = over.domain ?? 'api.example.com';
    const r = (await handler(event, {} as Context)) as {
      statusCode: number;
      headers: Record<string, string>;
      body?: string;
    };
    return { ...r, json: r.body ? JSON.parse(r.body) : undefined };
  };
  return { send, taken };
}

const expectScimError = (r: { statusCode: number; headers: Record<string, string>; json: unknown }, status: number) => {
  expect(r.statusCode).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(r.json).toMatchObject({ schemas: [SCIM_ERROR], status: String(status), detail: expect.any(String) });
};

describe('SCIM pipeline: who is let in', () => {
  it('lets in the key of an enabled connection (a member caller via scim, with its connection); 401 otherwise', async () => {
    const w = await world();
    const idp = await w.system();
    const key = await w.keyOf(idp.id);
    let seen: ScimRequest | undefined;
    const { send, taken } = handlerFor(w, async (req) => {
      seen = req;
      return scimOk({ id: 'x' }, 3);
    });
    // not enabled yet: 401, and the limiter was never asked
    expectScimError(await send({ key }), 401);
    expect(taken).toEqual([]);
    await w.enable(idp.id, { enabled: true, sendInvitations: false });
    const ok = await send({ key });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers).toMatchObject({ etag: 'W/"3"', 'cache-control': 'no-store' });
    expect(ok.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(seen?.caller).toMatchObject({
      kind: 'member',
      via: 'scim',
      membership: { userId: idp.id, accountId: w.account.id },
      scim: { enabled: true, unitId: null, unitFromDepartment: false, sendInvitations: false },
    });
    expect(taken).toEqual([w.account.id]);
    expect(seen?.baseUrl).toBe(`https://api.example.com/scim/v2/accounts/${w.account.id}`);

    // no header, Basic, a person's token shape, another account's path: all 401
    expectScimError(await send(), 401);
    expectScimError(
      await send({ headers: { authorization: `Basic ${Buffer.from(`x:${key}`).toString('base64')}` } }),
      401,
    );
    expectScimError(await send({ headers: { authorization: 'Bearer aaa.bbb.ccc' } }), 401);
    expectScimError(await send({ key, accountId: 'OTHERACCOUNT' }), 401);
    expect(taken).toEqual([w.account.id]);
  });

  it('refuses a connection whose system user is not an admin with manageUsers', async () => {
    const w = await world();
    const plain = await w.system({ role: 'user', unitId: w.rootId, adminUnitIds: [], capabilities: {} });
    const noManage = await w.system({ capabilities: { manageUsers: false } });
    for (const u of [plain, noManage]) await w.enable(u.id);
    const { send } = handlerFor(w);
    expectScimError(await send({ key: await w.keyOf(plain.id) }), 401);
    expectScimError(await send({ key: await w.keyOf(noManage.id) }), 401);
    const good = await w.system();
    await w.enable(good.id);
    expect((await send({ key: await w.keyOf(good.id) })).statusCode).toBe(200);
  });
});

describe('SCIM pipeline: limits and bodies', () => {
  async function enabled() {
    const w = await world();
    const idp = await w.system();
    await w.enable(idp.id);
    return { w, key: await w.keyOf(idp.id) };
  }

  it('answers 429 with Retry-After 1 once the limiter refuses, after authentication', async () => {
    const { w, key } = await enabled();
    const { send } = handlerFor(w, undefined, 2);
    expect((await send({ key })).statusCode).toBe(200);
    expect((await send({ key })).statusCode).toBe(200);
    const limited = await send({ key });
    expectScimError(limited, 429);
    expect(limited.headers['retry-after']).toBe('1');
  });

  it('parses scim+json and json bodies; 415 on others, 413 past 1 MB, 400 invalidSyntax on broken JSON', async () => {
    const { w, key } = await enabled();
    const bodies: unknown[] = [];
    const { send } = handlerFor(w, async (req) => {
      bodies.push(req.body);
      return scimOk({});
    });
    expect((await send({ key, body: '{"a":1}' })).statusCode).toBe(200);
    const asJson = await send({ key, body: '{"a":2}', headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(asJson.statusCode).toBe(200);
    expect((await send({ key })).statusCode).toBe(200);
    expect(bodies).toEqual([{ a: 1 }, { a: 2 }, undefined]);
    expectScimError(await send({ key, body: 'a=1', headers: { 'content-type': 'text/plain' } }), 415);
    const broken = await send({ key, body: '{"a":' });
    expectScimError(broken, 400);
    expect(broken.json.scimType).toBe('invalidSyntax');
    const big = `{"a":"${'x'.repeat(1024 * 1024)}"}`;
    expectScimError(await send({ key, body: big }), 413);
  });

  it('hands If-Match on as a version: W/"n", "n"; * and none are no precondition; anything else 400 invalidValue', async () => {
    const { w, key } = await enabled();
    const seen: (number | undefined)[] = [];
    const { send } = handlerFor(w, async (req) => {
      seen.push(req.ifMatch);
      return scimOk({});
    });
    for (const ifMatch of ['W/"4"', '"5"', '*']) await send({ key, headers: { 'if-match': ifMatch } });
    await send({ key });
    expect(seen).toEqual([4, 5, undefined, undefined]);
    const bad = await send({ key, headers: { 'if-match': 'W/"abc"' } });
    expectScimError(bad, 400);
    expect(bad.json.scimType).toBe('invalidValue');
  });

  it('builds the base URL with http on a loopback host, https elsewhere unless X-Forwarded-Proto says', async () => {
    const { w, key } = await enabled();
    const urls: string[] = [];
    const { send } = handlerFor(w, async (req) => {
      urls.push(req.baseUrl);
      return scimCreated(`${req.baseUrl}/Users/u1`, { id: 'u1' }, 1);
    });
    const created = await send({ key, domain: '127.0.0.1:3000' });
    expect(created.statusCode).toBe(201);
    expect(created.headers).toMatchObject({
      location: `http://127.0.0.1:3000/scim/v2/accounts/${w.account.id}/Users/u1`,
    });
    await send({ key, domain: 'scim.example.com', headers: { 'x-forwarded-proto': 'http' } });
    expect(urls[1]).toBe(`http://scim.example.com/scim/v2/accounts/${w.account.id}`);
  });
});

describe('SCIM pipeline: errors', () => {
  it.each([
    [new ScimError(400, 'invalidFilter', 'bad filter'), 400, 'invalidFilter', 'bad filter'],
    [new ScimError(501, undefined, 'Sorting is not supported'), 501, undefined, 'Sorting is not supported'],
    [new ValidationError([{ path: 'emails', message: 'is required' }]), 400, 'invalidValue', 'emails: is required'],
    [new NotFoundError('No such member'), 404, undefined, 'No such member'],
    [new ForbiddenError('You may see this member but not change them'), 404, undefined, 'Resource not found'],
    [new UsernameTakenError('taken'), 409, 'uniqueness', 'taken'],
    [new ConflictError('A closed member cannot be edited'), 409, undefined, 'A closed member cannot be edited'],
    [new PreconditionFailedError(), 412, undefined, 'The resource has changed'],
    [
      new Error('secret table name in a stack trace'),
      500,
      undefined,
      'Something went wrong on our side. Try again later.',
    ],
  ] as const)('%s → %i %s', async (error, status, scimType, detail) => {
    const w = await world();
    const idp = await w.system();
    await w.enable(idp.id);
    const { send } = handlerFor(w, async () => {
      throw error;
    });
    const r = await send({ key: await w.keyOf(idp.id) });
    expectScimError(r, status);
    expect(r.json.scimType).toBe(scimType);
    expect(r.json.detail).toBe(detail);
  });
});

describe('SCIM connection settings', () => {
  it('are set by account managers on system users only; unknown units are 404; the change is audited', async () => {
    const w = await world();
    const idp = await w.system();
    const [emea] = await w.chain(w.rootId, ['EMEA']);
    const set = await w.enable(idp.id, { enabled: true, unitId: emea.id });
    expect(set.scim).toEqual({ enabled: true, unitId: emea.id, unitFromDepartment: false, sendInvitations: true });
    const again = await w.enable(idp.id, { unitFromDepartment: true, unitId: null });
    expect(again.scim).toEqual({ enabled: true, unitId: null, unitFromDepartment: true, sendInvitations: true });
    await expect(w.enable(idp.id, { unitId: 'NOSUCHUNIT' })).rejects.toThrow(NotFoundError);
    const person = await w.member('pat@example.com');
    await expect(w.enable(person.user.id)).rejects.toThrow(ValidationError);
    const admin = await w.adminIn('ada@example.com', w.rootId);
    const bot = await w.system({ role: 'user', unitId: w.rootId, adminUnitIds: [], capabilities: {} });
    await expect(updateUser(w.deps, admin.caller(), bot.id, { scim: { enabled: true } })).rejects.toThrow(
      ForbiddenError,
    );
    // positive control: the same admin may edit that system user otherwise
    await expect(updateUser(w.deps, admin.caller(), bot.id, { lastName: 'Bot' })).resolves.toMatchObject({
      lastName: 'Bot',
    });
    const events = w.dir.events.filter((e) => e.type === 'user.updated' && e.target?.userId === idp.id);
    expect(events.map((e) => e.details.changed)).toEqual([
      ['scim.enabled', 'scim.unitId'],
      ['scim.unitId', 'scim.unitFromDepartment'],
    ]);
  });

  it("refuse a unitId outside the system user's admin scope (400 naming the field); inside it is kept", async () => {
    const w = await world();
    const [emea] = await w.chain(w.rootId, ['EMEA']);
    const [apac] = await w.chain(w.rootId, ['APAC']);
    const [berlin] = await w.chain(emea.id, ['Berlin']);
    const idp = await w.system({ unitId: emea.id, adminUnitIds: [emea.id] });
    for (const unitId of [apac.id, w.rootId]) {
      const refused = await w.enable(idp.id, { enabled: true, unitId }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).errors[0]?.path).toBe('scim.unitId');
    }
    // positive controls: its scope unit and a unit below it
    expect((await w.enable(idp.id, { enabled: true, unitId: emea.id })).scim?.unitId).toBe(emea.id);
    expect((await w.enable(idp.id, { unitId: berlin.id })).scim?.unitId).toBe(berlin.id);
  });
});

describe('greedy and ANY routes in the local route matcher', () => {
  const r = (operationId: string, method: string, path: string) => ({ operationId, method, path }) as never;
  const match = createRouteMatcher([
    r('list', 'GET', '/s/{a}/Users'),
    r('create', 'POST', '/s/{a}/Users'),
    r('get', 'GET', '/s/{a}/Users/{id}'),
    r('fallback', 'ANY', '/s/{a}/{proxy+}'),
    r('health', 'GET', '/v1/health'),
  ]);
  const found = (method: string, path: string) => {
    const m = match(method, path);
    return m.kind === 'found' ? [m.route.operationId, m.pathParameters] : m.kind;
  };

  it('prefers a route of the method, then an ANY route; a greedy segment takes the rest of the path', () => {
    expect(found('GET', '/s/acc/Users')).toEqual(['list', { a: 'acc' }]);
    expect(found('POST', '/s/acc/Users')).toEqual(['create', { a: 'acc' }]);
    expect(found('DELETE', '/s/acc/Users')).toEqual(['fallback', { a: 'acc', proxy: 'Users' }]);
    expect(found('GET', '/s/acc/Users/u%201')).toEqual(['get', { a: 'acc', id: 'u 1' }]);
    expect(found('POST', '/s/acc/Users/.search')).toEqual(['fallback', { a: 'acc', proxy: 'Users/.search' }]);
    expect(found('GET', '/s/acc/Bulk/x/y')).toEqual(['fallback', { a: 'acc', proxy: 'Bulk/x/y' }]);
    expect(found('GET', '/s/acc/Users/')).toEqual(['fallback', { a: 'acc', proxy: 'Users/' }]);
    // the greedy segment needs one segment at least; other paths keep their 404 and 405
    expect(found('GET', '/s/acc')).toBe('not-found');
    expect(found('GET', '/s/acc/')).toBe('not-found');
    expect(match('POST', '/v1/health')).toEqual({ kind: 'wrong-method', allow: ['GET'] });
  });

  it('refuses a greedy segment that is not last', () => {
    expect(() => createRouteMatcher([r('bad', 'ANY', '/s/{proxy+}/x')])).toThrow(/must be last/);
  });
});

describe('the SCIM fallback', () => {
  it('answers 405 with Allow on known paths, 501 on Bulk, /Me and .search, 404 otherwise', () => {
    const e = (method: string, path: string) => {
      const error = fallbackError(method, path);
      return [error.status, error.headers.allow];
    };
    expect(e('DELETE', 'Users')).toEqual([405, 'GET, POST']);
    expect(e('POST', 'Users/u1')).toEqual([405, 'GET, PUT, PATCH, DELETE']);
    expect(e('PUT', 'ServiceProviderConfig')).toEqual([405, 'GET']);
    expect(e('POST', 'Bulk')).toEqual([501, undefined]);
    expect(e('GET', 'Me')).toEqual([501, undefined]);
    expect(e('POST', '.search')).toEqual([501, undefined]);
    expect(e('POST', 'Groups/.search')).toEqual([501, undefined]);
    expect(e('GET', 'Devices')).toEqual([404, undefined]);
    expect(e('GET', 'Users/')).toEqual([404, undefined]);
    expect(e('GET', 'Users/u1/extra')).toEqual([404, undefined]);
  });

  it('knows every SCIM route of the route table, with its method (a route added without its entry fails here)', () => {
    const scimRoutes = routes.filter((route) => route.scim && route.method !== 'ANY');
    expect(scimRoutes.length).toBeGreaterThanOrEqual(5);
    for (const route of scimRoutes) {
      const rest = route.path.replace('/scim/v2/accounts/{accountId}/', '').replace(/\{\w+\}/g, '*');
      const entry = scimPathMethods.find((p) => p.path === rest);
      expect(entry?.methods, `${route.method} ${route.path}`).toContain(route.method);
    }
  });

  it('SCIM routes are all declared alike: scimAuth, the scim area, table:write for the rate limit', () => {
    for (const route of routes.filter((r) => r.path.startsWith('/scim/'))) {
      expect(route, route.operationId).toMatchObject({ scim: true, area: 'scim', auth: { kind: 'scim' } });
      expect(route.grants, route.operationId).toContain('table:write');
    }
    expect(routes.filter((r) => r.method === 'ANY').map((r) => r.operationId)).toEqual(['scimFallback']);
  });
});

describe('SCIM discovery documents', () => {
  const base = 'https://api.example.com/scim/v2/accounts/acc1';

  it('say filters answer at most what list queries allow', () => {
    expect(SCIM_MAX_RESULTS).toBe(MAX_COUNT);
    expect(serviceProviderConfig(base)).toMatchObject({ filter: { supported: true, maxResults: MAX_COUNT } });
  });

  it('list the resource types and schemas with absolute locations, each found by its id', () => {
    const types = resourceTypes(base);
    expect(types.map((t) => t.id)).toEqual(['User', 'Group']);
    for (const t of types) expect(findResourceType(t.id as string, base)).toEqual(t);
    expect(findResourceType('user', base)).toBeUndefined();
    const all = schemas(base);
    expect(new Set(all.map((s) => s.id)).size).toBe(6);
    for (const s of all) {
      expect((s.meta as { location: string }).location).toBe(`${base}/Schemas/${s.id}`);
      expect(findSchema((s.id as string).toUpperCase(), base)).toEqual(s);
    }
    expect(discoveryList(all)).toMatchObject({ totalResults: 6, itemsPerPage: 6, startIndex: 1 });
  });
});

describe('SCIM routes in the OpenAPI document', () => {
  it('are described in application/scim+json, with SCIM errors and the SCIM key; the fallback is not an operation', () => {
    const doc = openApiDocument() as {
      paths: Record<string, Record<string, { security: unknown; responses: Record<string, { content?: object }> }>>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    const scimPaths = Object.keys(doc.paths).filter((p) => p.startsWith('/scim/'));
    expect(scimPaths).toEqual(expect.arrayContaining(['/scim/v2/accounts/{accountId}/ServiceProviderConfig']));
    expect(scimPaths.some((p) => p.includes('proxy'))).toBe(false);
    for (const path of scimPaths)
      for (const op of Object.values(doc.paths[path])) {
        expect(op.security).toEqual([{ scimKey: [] }]);
        expect(Object.keys(op.responses['401'].content ?? {})).toEqual(['application/scim+json']);
        expect(JSON.stringify(op)).not.toContain('problem+json');
      }
    expect(doc.components.securitySchemes.scimKey).toBeDefined();
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ScimError', 'ScimListResponse']));
  });
});
