/**
 * What the /Users integration tests share, on top of the SCIM helpers every SCIM suite uses (test/support/scim.ts):
 * an account with a connection (`scimTenant`, `connect`: `adminId` is the connection's system user) and a person's
 * SCIM body without `active` (`person`).
 */
import { randomBytes } from 'node:crypto';
import type { Manager } from '../../builders/api.ts';
import {
  createScimUser,
  SCIM_USER,
  scimAccount,
  scimConnection,
  type ScimClient,
  type ScimConnectionSettings,
} from '../../support/scim.ts';

export {
  expectScimError,
  filter,
  patchOp,
  SCIM_ENTERPRISE,
  SCIM_PATCH,
  SCIM_USER,
  scimClient,
} from '../../support/scim.ts';

export type Scim = ScimClient;

/** A system user with manageUsers over `unitId`'s subtree (the root unless told), its key, its connection on. */
export async function connect(manager: Manager, options: { unitId?: string; settings?: ScimConnectionSettings } = {}) {
  const { admin, scim } = await scimConnection(manager, options);
  return { adminId: admin.id, scim };
}

export async function scimTenant(settings?: ScimConnectionSettings) {
  const { admin, key: _key, ...tenant } = await scimAccount('Scim Users', settings);
  return { ...tenant, adminId: admin.id };
}

export const tag = () => randomBytes(4).toString('hex');

/** A SCIM user `<label>.<hex>@example.com` (its email the same), with `over`; no `active` (the server's default). */
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

/** POSTs a user; returns its SCIM document. */
export const created = (scim: Scim, body: Record<string, unknown>) =>
  createScimUser(scim, body) as Promise<{
    id: string;
    userName: string;
    meta: { version: string; location: string };
  }>;
