/**
 * SCIM helpers for the integration tests: an account with a SCIM connection made the way a customer makes one through
 * the public API (a system user `admin` with manageUsers, an API key, `PATCH …/users/{u}` `{scim: {enabled: true}}`),
 * and a client for `/scim/v2/accounts/{accountId}` that sends the key as a bearer token and bodies as
 * `application/scim+json`, as the identity providers do.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { expectStatus, newOrg, type Manager } from '../builders/api.ts';
import { call, type CallResult } from './http.ts';

export const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCIM_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimClient = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<CallResult>;

/** The SCIM base path of an account. */
export const scimBase = (accountId: string) => `/scim/v2/accounts/${accountId}`;

/**
 * A client for one account's SCIM base path with `key` as bearer token (`Authorization: Bearer sbk_…`); `path` is
 * relative to the base (`/Users?filter=…`). Bodies go out as `application/scim+json` unless `headers` say otherwise.
 */
export function scimClient(accountId: string, key: string): ScimClient {
  return (method, path, body, headers = {}) =>
    call(method, `${scimBase(accountId)}${path}`, {
      ...(key ? { token: key } : {}),
      ...(body === undefined ? {} : { rawBody: JSON.stringify(body) }),
      headers: {
        accept: 'application/scim+json',
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        ...headers,
      },
    });
}

export interface ScimConnectionSettings {
  enabled?: boolean;
  unitId?: string | null;
  unitFromDepartment?: boolean;
  sendInvitations?: boolean;
}

export interface ScimConnection {
  /** The system user the connection acts as. */
  admin: { id: string; username: string };
  /** Its API key (`sbk_…`). */
  key: string;
  scim: ScimClient;
}

/** A tenant: an account (its owner signed in, `token`), and a SCIM connection of a root-scoped system admin. */
export type ScimTenant = Manager & ScimConnection;

/**
 * A SCIM connection in `manager`'s account: a system user `admin` of `unitId`'s subtree (the root unless told) with
 * manageUsers, an API key of it, and its connection enabled with `settings`.
 */
export async function scimConnection(
  manager: Manager,
  options: { unitId?: string; settings?: ScimConnectionSettings } = {},
): Promise<ScimConnection> {
  const unitId = options.unitId ?? manager.rootId;
  const users = `/v1/accounts/${manager.accountId}/users`;
  const username = `scim${randomBytes(5).toString('hex')}`;
  const created = await call('POST', users, {
    token: manager.token,
    body: {
      type: 'system',
      username,
      firstName: 'Identity',
      lastName: 'Provider',
      role: 'admin',
      unitId,
      adminUnitIds: [unitId],
      capabilities: { manageUsers: true },
    },
  });
  expectStatus(created, 201, 'POST system user');
  const admin = { id: (created.body as { id: string }).id, username };
  const keyed = await call('POST', `${users}/${admin.id}/api-keys`, { token: manager.token, body: { name: 'scim' } });
  expectStatus(keyed, 201, 'POST api-keys');
  const key = (keyed.body as { key: string }).key;
  const enabled = await call('PATCH', `${users}/${admin.id}`, {
    token: manager.token,
    body: { scim: { enabled: true, ...options.settings } },
  });
  expectStatus(enabled, 200, 'PATCH users/{u} {scim}');
  return { admin, key, scim: scimClient(manager.accountId, key) };
}

/** A new account (its owner signed in) with a SCIM connection scoped to the root unit. */
export async function scimAccount(name: string, settings?: ScimConnectionSettings): Promise<ScimTenant> {
  const manager = await newOrg(name);
  return { ...manager, ...(await scimConnection(manager, { settings })) };
}

/** A PatchOp body of `operations`. */
export const patchOp = (...operations: Record<string, unknown>[]) => ({
  schemas: [SCIM_PATCH],
  Operations: operations,
});

/** `?filter=<expression>` (URL-encoded), with `extra` query text appended. */
export const filter = (expression: string, extra = '') =>
  `?filter=${encodeURIComponent(expression)}${extra ? `&${extra}` : ''}`;

/** A unique label for user names and emails. */
export const unique = (label: string) => `${label}.${randomBytes(4).toString('hex')}`;

/** A minimal SCIM user: userName and work email `<label>.<hex>@example.com`, names given. */
export function scimUserBody(label: string, over: Record<string, unknown> = {}) {
  const userName = `${unique(label)}@example.com`;
  return {
    schemas: [SCIM_USER],
    userName,
    name: { givenName: 'Sam', familyName: 'Provisioned' },
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
    ...over,
  };
}

/**
 * Matches an email address in any case: the directory keeps addresses lower-cased (SCIM compares emails
 * case-insensitively), while identity providers send them as their users typed them.
 */
export const sameEmail = (email: string) =>
  expect.stringMatching(new RegExp(`^${email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i'));

/** A SCIM error answer: the status, `application/scim+json`, the Error schema, `status` as a string, `scimType`. */
export function expectScimError(r: CallResult, status: number, scimType?: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(r.body).toMatchObject({ schemas: [SCIM_ERROR], status: String(status) });
  if (scimType) expect(r.body).toMatchObject({ scimType });
}

/** A ListResponse answer with exactly the resources `ids` (in any order) and that `totalResults`. */
export function expectList(r: CallResult, ids: string[], totalResults = ids.length): void {
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(r.body).toMatchObject({ schemas: [SCIM_LIST], totalResults, startIndex: 1 });
  const body = r.body as { Resources: { id: string }[]; itemsPerPage: number };
  expect(body.itemsPerPage).toBe(body.Resources.length);
  expect(body.Resources.map((x) => x.id).sort()).toEqual([...ids].sort());
}

/** Creates a user through SCIM (201 expected) and returns its resource. */
export async function createScimUser(
  scim: ScimClient,
  body: Record<string, unknown>,
): Promise<{ id: string; userName: string } & Record<string, any>> {
  const r = await scim('POST', '/Users', body);
  expectStatus(r, 201, 'POST /Users');
  return r.body;
}

/** Creates a group through SCIM (201 expected) and returns its resource. */
export async function createScimGroup(
  scim: ScimClient,
  displayName: string,
  over: Record<string, unknown> = {},
): Promise<{ id: string; displayName: string } & Record<string, any>> {
  const r = await scim('POST', '/Groups', { schemas: [SCIM_GROUP], displayName, ...over });
  expectStatus(r, 201, 'POST /Groups');
  return r.body;
}
