/**
 * SCIM discovery (ServiceProviderConfig, ResourceTypes, Schemas; each by id) and the fallback of every other path
 * and method (405 with Allow, 501, 404), all SCIM errors and never problem+json, with absolute `meta.location`s.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, stack } from '../../support/http.ts';
import { expectStatus, newOrg, type Manager } from '../../builders/api.ts';
import { expectScimError, scimClient, type ScimClient } from '../../builders/scim-connection.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const META = [
  'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  'urn:ietf:params:scim:schemas:core:2.0:Schema',
];

let acme: Manager;
let idp: ScimClient;
let absolute: string;
const scim = (method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) =>
  call(method, `${idp.base}${path}`, {
    headers: { authorization: `Bearer ${idp.key}`, ...init.headers },
    ...(init.body !== undefined ? { rawBody: init.body } : {}),
  });

beforeAll(async () => {
  acme = await newOrg('Acme SCIM Discovery');
  idp = await scimClient(acme);
  absolute = `${stack().baseUrl}${idp.base}`;
});

describe('SCIM discovery', () => {
  it('costs two round trips: the key read (one BatchGetItem) and the rate window (one UpdateItem)', async () => {
    // the key's first use is recorded beside the request (at most once a minute): the second call shows the floor
    expectStatus(await scim('GET', '/ServiceProviderConfig'), 200);
    const r = await scim('GET', '/ServiceProviderConfig');
    expectStatus(r, 200);
    expect(r.ddbCommands).toEqual(['BatchGetItemCommand', 'UpdateItemCommand']);
  });

  it('ServiceProviderConfig: patch, etag and filter (100) yes; bulk, sort and password changes no; bearer tokens', async () => {
    const r = await scim('GET', '/ServiceProviderConfig');
    expectStatus(r, 200);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).toMatchObject({
      schemas: [META[0]],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 100 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: true },
      authenticationSchemes: [
        { type: 'oauthbearertoken', name: expect.any(String), description: expect.any(String), primary: true },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${absolute}/ServiceProviderConfig` },
    });
  });

  it('ResourceTypes: User with the optional Enterprise extension and Group, listed and by id', async () => {
    const list = await scim('GET', '/ResourceTypes');
    expectStatus(list, 200);
    expect(list.body).toMatchObject({ schemas: [LIST], totalResults: 2, itemsPerPage: 2, startIndex: 1 });
    const [user, group] = list.body.Resources;
    expect(user).toMatchObject({
      id: 'User',
      endpoint: '/Users',
      schema: USER,
      schemaExtensions: [{ schema: ENTERPRISE, required: false }],
      meta: { resourceType: 'ResourceType', location: `${absolute}/ResourceTypes/User` },
    });
    expect(group).toMatchObject({ id: 'Group', endpoint: '/Groups', schema: GROUP });
    for (const id of ['User', 'Group']) {
      const one = await scim('GET', `/ResourceTypes/${id}`);
      expectStatus(one, 200);
      expect(one.body).toEqual(id === 'User' ? user : group);
    }
    expectScimError(await scim('GET', '/ResourceTypes/Device'), 404);
  });

  it('Schemas: User, Enterprise User, Group and the three meta-schemas, listed and by URN', async () => {
    const list = await scim('GET', '/Schemas');
    expectStatus(list, 200);
    const ids = (list.body.Resources as { id: string }[]).map((s) => s.id);
    expect(ids).toEqual([USER, ENTERPRISE, GROUP, ...META]);
    expect(list.body).toMatchObject({ schemas: [LIST], totalResults: 6, itemsPerPage: 6, startIndex: 1 });
    for (const schema of list.body.Resources as { id: string; attributes: { name: string }[]; meta: object }[]) {
      expect(schema.meta).toEqual({ resourceType: 'Schema', location: `${absolute}/Schemas/${schema.id}` });
      expect(schema.attributes.length).toBeGreaterThan(0);
      const one = await scim('GET', `/Schemas/${schema.id}`);
      expectStatus(one, 200);
      expect(one.body).toEqual(schema);
    }
    const user = (list.body.Resources as { id: string; attributes: { name: string }[] }[])[0];
    expect(user.attributes.map((a) => a.name)).toEqual(
      expect.arrayContaining(['userName', 'externalId', 'name', 'emails', 'active']),
    );
    expect(user.attributes.map((a) => a.name)).not.toContain('password');
    expectScimError(await scim('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:Device'), 404);
  });
});

describe('SCIM fallback', () => {
  it('answers another method on a known path with 405 and Allow', async () => {
    for (const [method, path, allow] of [
      ['DELETE', '/ServiceProviderConfig', 'GET'],
      ['PUT', '/Schemas', 'GET'],
      ['POST', `/Schemas/${USER}`, 'GET'],
      ['PATCH', '/ResourceTypes/User', 'GET'],
    ] as const) {
      const r = await scim(
        method,
        path,
        method === 'DELETE' ? {} : { body: '{}', headers: { 'content-type': 'application/scim+json' } },
      );
      expectScimError(r, 405);
      expect(r.headers.allow, `${method} ${path}`).toBe(allow);
    }
  });

  it('answers Bulk, /Me and .search with 501', async () => {
    const json = { body: '{}', headers: { 'content-type': 'application/scim+json' } };
    for (const [method, path] of [
      ['POST', '/Bulk'],
      ['GET', '/Me'],
      ['POST', '/.search'],
      ['POST', '/Users/.search'],
      ['POST', '/Groups/.search'],
    ] as const)
      expectScimError(await scim(method, path, method === 'GET' ? {} : json), 501);
  });

  it('answers an unknown path with a SCIM 404, never problem+json, and only after authentication', async () => {
    const r = await scim('GET', '/Devices/42');
    expectScimError(r, 404);
    expect(r.headers['content-type']).not.toContain('problem');
    expectScimError(await call('GET', `${idp.base}/Devices/42`), 401);
    expectScimError(await scim('GET', '/Schemas/'), 404);
  });
});
