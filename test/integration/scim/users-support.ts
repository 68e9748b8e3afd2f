/**
 * What the /Users integration tests share: an account with a SCIM connection made through the public API (a system
 * user, admin of a unit with manageUsers, an API key, `PATCH …/users/{u}` `{scim: {…}}`), and a client for its SCIM
 * base path sending the key as a bearer token and bodies as `application/scim+json`.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { expectStatus, newOrg, type Manager } from '../../builders/api.ts';
import { call, type CallResult } from '../../support/http.ts';

export const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCIM_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type Scim = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<CallResult>;

export const scimClient =
  (accountId: string, key: string): Scim =>
  (method, path, body, headers = {}) =>
    call(method, `/scim/v2/accounts/${accountId}${path}`, {
      token: key,
      ...(body === undefined ? {} : { rawBody: JSON.stringify(body) }),
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }), ...headers },
    });

/** A system user with manageUsers over `unitId`'s subtree (the root unless told), its key, its connection on. */
export async function connect(manager: Manager, options: { unitId?: string; settings?: Record<string, unknown> } = {}) {
  const unitId = options.unitId ?? manager.rootId;
  const users = `/v1/accounts/${manager.accountId}/users`;
  const created = await call('POST', users, {
    token: manager.token,
    body: {
      type: 'system',
      username: `scim${randomBytes(5).toString('hex')}`,
      firstName: 'Identity',
      lastName: 'Provider',
      role: 'admin',
      unitId,
      adminUnitIds: [unitId],
      capabilities: { manageUsers: true },
    },
  });
  expectStatus(created, 201, 'POST system user');
  const adminId = (created.body as { id: string }).id;
  const keyed = await call('POST', `${users}/${adminId}/api-keys`, { token: manager.token, body: { name: 'scim' } });
  expectStatus(keyed, 201, 'POST api-keys');
  const enabled = await call('PATCH', `${users}/${adminId}`, {
    token: manager.token,
    body: { scim: { enabled: true, ...options.settings } },
  });
  expectStatus(enabled, 200, 'PATCH {scim}');
  return { adminId, scim: scimClient(manager.accountId, (keyed.body as { key: string }).key) };
}

export async function scimTenant(settings?: Record<string, unknown>) {
  const manager = await newOrg('Scim Users');
  return { ...manager, ...(await connect(manager, { settings })) };
}

export const tag = () => randomBytes(4).toString('hex');

/** A SCIM user `<label>.<hex>@example.com` (its email the same), with `over`. */
export function person(label: string, over: Record<string, unknown> = {}) {
  const userName = `${label}.${tag()}@example.com`;
  return {
    schemas: [SCIM_USER],
    userName,
    name: { givenName: 'Sam', familyName: 'Provisioned' },
    emails: [{ value: userName, type: 'work', primary: true }],
    ...over,
  };
}

export const patchOp = (...Operations: unknown[]) => ({ schemas: [SCIM_PATCH], Operations });
export const filter = (expression: string, extra = '') =>
  `?filter=${encodeURIComponent(expression)}${extra ? `&${extra}` : ''}`;

export function expectScimError(r: CallResult, status: number, scimType?: string): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(r.body).toMatchObject({ status: String(status), ...(scimType ? { scimType } : {}) });
}

/** POSTs a user; returns its SCIM document. */
export async function created(scim: Scim, body: Record<string, unknown>) {
  const r = await scim('POST', '/Users', body);
  expectStatus(r, 201, 'POST /Users');
  return r.body as { id: string; userName: string; meta: { version: string; location: string } };
}
