/**
 * HTTP builders for the integration tests: accounts, signed-in managers, members and admins, each made through the
 * public API of the local stack. Capability-specific builders sit beside this file (invitations.ts, lifecycle.ts,
 * units.ts, matrix.ts); the in-memory worlds of the unit tests are in memory.ts.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { call, stack } from '../support/http.ts';
import { lastLinkTo } from '../support/mailbox.ts';
import { PASSWORD } from './password.ts';

export { PASSWORD };
export const uniqueEmail = (label: string) => `${label}.${randomBytes(4).toString('hex')}@example.com`;
export const operatorKey = () => stack().operatorKey;

/** The status, with the body in the message when it is not the expected one. */
export function expectStatus(r: { status: number; body: unknown }, status: number, label = ''): void {
  expect(r.status, `${label} ${JSON.stringify(r.body)}`.trim()).toBe(status);
}

/**
 * Token times are whole seconds, and a revocation in second S refuses tokens issued in S too (revocationMark):
 * a sign-in right after a revocation waits for the next second, as any real client does by taking longer.
 */
export const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 50));

/** Signs in; returns the raw answer (tokens or a challenge). */
export const tokenRequest = (email: string, password = PASSWORD) =>
  call('POST', '/v1/auth/token', { body: { email, password } });

export async function signIn(email: string, password = PASSWORD): Promise<string> {
  const r = await call('POST', '/v1/auth/token', { body: { email, password } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as { accessToken: string }).accessToken;
}

/** Accepts the last setup or invitation link mailed to `email`. */
export async function accept(email: string, password = PASSWORD) {
  const token = await lastLinkTo(email, 'accept-invitation');
  const r = await call('POST', '/v1/invitations/accept', { body: { token, password } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { accountId: string; user: { id: string; status: string } };
}

/** An account whose owner (account manager) has accepted and signed in. */
export async function newAccount(name = 'Acme Fax') {
  const email = uniqueEmail('owner');
  const r = await call('POST', '/v1/accounts', {
    operatorKey: operatorKey(),
    body: { name, owner: { email, firstName: 'Olive', lastName: 'Owner' } },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const { account, owner } = r.body as { account: { id: string; name: string }; owner: { id: string } };
  await accept(email);
  return { accountId: account.id, account, ownerId: owner.id, email, token: await signIn(email) };
}

/** A signed-in account manager and the id of their account's root unit. */
export type Manager = Awaited<ReturnType<typeof newAccount>> & { rootId: string };

/** An account (its owner signed in) and the id of its root unit. */
export async function newOrg(name: string): Promise<Manager> {
  const account = await newAccount(name);
  const read = await call('GET', `/v1/accounts/${account.accountId}`, { token: account.token });
  return { ...account, rootId: (read.body as { rootUnitId: string }).rootUnitId };
}

/** The body of `POST users`: a fresh username and email, with `over` (unitId, role, grants...). */
export const userInput = (over: Record<string, unknown> = {}) => {
  // 48 random bits: the matrix alone makes thousands of members in one account, where 24 bits collided
  const suffix = randomBytes(6).toString('hex');
  return { username: `user-${suffix}`, email: uniqueEmail('member'), firstName: 'Max', lastName: 'Member', ...over };
};

/** A member created by `manager` who has accepted (with `password`) and signed in. */
export async function newMember(
  manager: { accountId: string; token: string },
  over: Record<string, unknown> = {},
  password = PASSWORD,
) {
  const input = userInput(over);
  const r = await call('POST', `/v1/accounts/${manager.accountId}/users`, { token: manager.token, body: input });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const user = r.body as { id: string; email: string };
  await accept(user.email, password);
  return { ...user, input, token: await signIn(user.email, password) };
}

/** What `POST users` answers with, as far as the builders read it. */
export type Target = { id: string; email: string; version: number; status: string };

/** A member created by the account manager (not signed in): `POST users` with `over` (unitId, role, grants...). */
export async function createMember(
  am: { accountId: string; token: string },
  over: Record<string, unknown> = {},
): Promise<Target & { username: string }> {
  const r = await call('POST', `/v1/accounts/${am.accountId}/users`, { token: am.token, body: userInput(over) });
  expectStatus(r, 201, `POST users ${JSON.stringify(over)}`);
  const u = r.body as Target & { username: string };
  return { id: u.id, email: u.email, username: u.username, version: u.version, status: u.status };
}

export const ALL_MODULES = ['messaging', 'fax', 'voice', 'contacts', 'reports', 'pricing', 'payment', 'userManagement'];

/** The grants of an admin of `unitId`'s subtree who sits in that unit, with or without manageUsers. */
export const adminGrants = (unitId: string, manageUsers: boolean) => ({
  role: 'admin',
  unitId,
  adminUnitIds: [unitId],
  modules: ALL_MODULES,
  capabilities: { manageUsers, manageE911: false, manageInternationalDialing: false },
});

/** A signed-in admin of `unitId`'s subtree (manageUsers unless told otherwise). */
export const newAdmin = (manager: { accountId: string; token: string }, unitId: string, manageUsers = true) =>
  newMember(manager, adminGrants(unitId, manageUsers));
