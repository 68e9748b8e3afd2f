/**
 * SCIM connections for the platform's integration tests (test/integration/scim/platform-*.test.ts): a system user
 * of the account with an API key, its grants and connection set through the public API as an account manager would.
 */
import { expect } from 'vitest';
import { call } from '../support/http.ts';
import { randomBytes } from 'node:crypto';
import { expectStatus, type Manager } from './api.ts';

export interface ScimClient {
  userId: string;
  key: string;
  keyId: string;
  /** The account's SCIM base path: `/scim/v2/accounts/<accountId>`. */
  base: string;
}

/**
 * A system user (by default an admin of the root with manageUsers, the connection enabled) and one API key of it.
 * `grants` replaces the default grants; `scim` is sent as `PATCH …/users/{u}` `{scim}` (null: never sent).
 */
export async function scimClient(
  manager: Manager,
  options: { grants?: Record<string, unknown>; scim?: Record<string, unknown> | null } = {},
): Promise<ScimClient> {
  const users = `/v1/accounts/${manager.accountId}/users`;
  const grants = options.grants ?? {
    role: 'admin',
    unitId: manager.rootId,
    adminUnitIds: [manager.rootId],
    capabilities: { manageUsers: true },
  };
  const made = await call('POST', users, {
    token: manager.token,
    body: {
      type: 'system',
      username: `idp${randomBytes(5).toString('hex')}`,
      firstName: 'Identity',
      lastName: 'Provider',
      ...grants,
    },
  });
  expectStatus(made, 201, 'POST system user');
  const userId = (made.body as { id: string }).id;
  const scim = options.scim === undefined ? { enabled: true } : options.scim;
  if (scim !== null)
    expectStatus(
      await call('PATCH', `${users}/${userId}`, { token: manager.token, body: { scim } }),
      200,
      'PATCH scim',
    );
  const key = await call('POST', `${users}/${userId}/api-keys`, { token: manager.token, body: { name: 'idp' } });
  expectStatus(key, 201, 'POST api-keys');
  const { id: keyId, key: text } = key.body as { id: string; key: string };
  return { userId, key: text, keyId, base: `/scim/v2/accounts/${manager.accountId}` };
}

export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A SCIM error as RFC 7644 §3.12 has it (`status` a string), with its media type. */
export function expectScimError(
  r: { status: number; headers: Record<string, string>; body: unknown },
  status: number,
  scimType?: string,
) {
  expectStatus(r, status);
  expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(r.body).toMatchObject({ schemas: [SCIM_ERROR], status: String(status), detail: expect.any(String) });
  expect((r.body as { scimType?: string }).scimType).toBe(scimType);
}
