/**
 * Builders for the authorisation matrix and the escalation tests (scoped admins and delegates): one account with a
 * small organisation tree, one member per kind of caller, and cheap fresh targets for the cells that destroy them.
 * Everything is made through the public API, as the account manager.
 *
 *   root ─┬─ P (scope of ADMIN_PLUS and ADMIN_MINUS) ── X (the target's unit)
 *         └─ Y (scope of ADMIN_OUT)
 */
import { expect } from 'vitest';
import { call, type CallResult } from '../support/http.ts';
import {
  type Manager,
  type Target,
  accept,
  createMember,
  expectStatus,
  newAdmin,
  newMember,
  newOrg,
  signIn,
  uniqueEmail,
} from './api.ts';
import { createUnit } from './units.ts';

export const CALLERS = [
  'AM',
  'ADMIN_PLUS',
  'ADMIN_MINUS',
  'ADMIN_OUT',
  'DELEGATE',
  'DELEGATE_OTHER',
  'USER',
  'OTHER',
  'ANON',
] as const;
export type CallerName = (typeof CALLERS)[number];

export const NON_ADMIN_MODULES = ['messaging', 'fax', 'voice', 'contacts', 'reports'];

export type Capabilities = { manageUsers: boolean; manageE911: boolean; manageInternationalDialing: boolean };
export type UserBody = {
  id: string;
  email: string;
  username: string;
  firstName: string;
  status: string;
  version: number;
  role: string;
  unitId: string;
  adminUnitIds: string[];
  capabilities: Capabilities;
  modules: string[];
  emailAliases?: string[];
  notes?: string | null;
  settings?: Record<string, unknown>;
  effectiveSettings?: Record<string, { value: unknown; source: string }>;
  effectivePermissions?: { role: string; modules: string[]; capabilities: Capabilities; adminUnitIds: string[] };
};
export type Page<T> = { items: T[]; nextCursor: string | null };

export const accountPath = (accountId: string) => `/v1/accounts/${accountId}`;
export const userPath = (accountId: string, userId: string) => `/v1/accounts/${accountId}/users/${userId}`;

/** Every item of a list endpoint, page by page (limit 100), as `token`. Fails on a non-200 page. */
export async function collect<T = { id: string }>(
  path: string,
  token: string | undefined,
  maxPages = 40,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const r: CallResult<Page<T>> = await call(
      'GET',
      `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token },
    );
    expectStatus(r, 200, `GET ${path} (page ${page + 1})`);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`GET ${path}: more than ${maxPages} pages`);
}

export interface Member {
  id: string;
  email: string;
  token: string;
}

export interface World {
  /** The account manager (its owner) and the id of its root unit. */
  am: Manager;
  accountId: string;
  rootId: string;
  /** P: the admins' scope root; X: a unit inside P where the target sits; Y: outside P (ADMIN_OUT's scope). */
  unitP: string;
  unitX: string;
  unitY: string;
  /** One signed-in member per kind of caller; ANON has no token. */
  callers: Record<Exclude<CallerName, 'ANON'>, Member>;
  /** T: a regular member in X whose delegate is DELEGATE (invited: never needs to sign in). */
  target: Target;
  /** M: a regular member in Y whose delegate is DELEGATE_OTHER. */
  memberY: Target;
  /** S: a regular member in the root unit, delegate of nobody (the delegate of the PUT delegates cells). */
  spare: Target;
  /** Pending invitations into X and into Y. */
  invitationX: string;
  invitationY: string;
  /** The other account (OTHER is its owner). */
  otherAccountId: string;
}

export const tokenOf = (w: World, caller: CallerName): string | undefined =>
  caller === 'ANON' ? undefined : w.callers[caller].token;

/** `PUT users/{userId}/delegates/{delegateUserId}` as the account manager; 201 (new) or 200 (already there). */
export async function addDelegate(
  am: { accountId: string; token: string },
  userId: string,
  delegateUserId: string,
): Promise<void> {
  const r = await call('PUT', `${userPath(am.accountId, userId)}/delegates/${delegateUserId}`, { token: am.token });
  expect([200, 201], `PUT delegates ${JSON.stringify(r.body)}`).toContain(r.status);
}

/** The member as the account manager reads them. */
export async function readUser(am: { accountId: string; token: string }, userId: string): Promise<UserBody> {
  const r = await call('GET', userPath(am.accountId, userId), { token: am.token });
  expectStatus(r, 200, `GET users/${userId}`);
  return r.body as UserBody;
}

/** Invites one address into `unitId` as the account manager; the invitation's id. */
export async function inviteInto(am: { accountId: string; token: string }, unitId: string): Promise<string> {
  const r = await call('POST', `/v1/accounts/${am.accountId}/invitations`, {
    token: am.token,
    body: { emails: [uniqueEmail('invitee')], unitId },
  });
  expectStatus(r, 200, 'POST invitations');
  const [result] = (r.body as { results: { status: string; invitationId?: string }[] }).results;
  expect(result, JSON.stringify(r.body)).toMatchObject({ status: 'invited', invitationId: expect.any(String) });
  return result.invitationId!;
}

export async function buildWorld(label = 'Matrix Co'): Promise<World> {
  const [am, other] = await Promise.all([newOrg(label), newOrg(`${label} (other)`)]);
  const a = am.accountId;
  const [p, y] = await Promise.all([createUnit(am, 'P', am.rootId), createUnit(am, 'Y', am.rootId)]);
  const x = await createUnit(am, 'X', p.id);

  const [adminPlus, adminMinus, adminOut, delegate, delegateOther, user, target, memberY, spare] = await Promise.all([
    newAdmin(am, p.id, true),
    newAdmin(am, p.id, false),
    newAdmin(am, y.id, true),
    newMember(am, { unitId: y.id }),
    newMember(am, { unitId: y.id }),
    newMember(am, { unitId: x.id }),
    createMember(am, { unitId: x.id }),
    createMember(am, { unitId: y.id }),
    createMember(am, {}),
  ]);
  await Promise.all([addDelegate(am, target.id, delegate.id), addDelegate(am, memberY.id, delegateOther.id)]);
  const [invitationX, invitationY] = await Promise.all([inviteInto(am, x.id), inviteInto(am, y.id)]);
  const m = (u: { id: string; email: string; token: string }): Member => ({ id: u.id, email: u.email, token: u.token });
  return {
    am,
    accountId: a,
    rootId: am.rootId,
    unitP: p.id,
    unitX: x.id,
    unitY: y.id,
    callers: {
      AM: { id: am.ownerId, email: am.email, token: am.token },
      ADMIN_PLUS: m(adminPlus),
      ADMIN_MINUS: m(adminMinus),
      ADMIN_OUT: m(adminOut),
      DELEGATE: m(delegate),
      DELEGATE_OTHER: m(delegateOther),
      USER: m(user),
      OTHER: { id: other.ownerId, email: other.email, token: other.token },
    },
    target,
    memberY,
    spare,
    invitationX,
    invitationY,
    otherAccountId: other.accountId,
  };
}

export interface TargetOptions {
  /** The member accepts their setup link (active, with a sign-in); default false (invited). */
  accepted?: boolean;
  /** Then the account manager deactivates them (implies accepted). */
  deactivated?: boolean;
  /** Default: X. */
  unitId?: string;
  /** The member also signs in (a token of their own). */
  signedIn?: boolean;
}

/** A fresh regular member in X (by default) whose delegate is DELEGATE, in the state a destructive cell needs. */
export async function newTarget(w: World, options: TargetOptions = {}): Promise<Target & { token?: string }> {
  const created = await createMember(w.am, { unitId: options.unitId ?? w.unitX });
  await addDelegate(w.am, created.id, w.callers.DELEGATE.id);
  if (options.accepted || options.deactivated || options.signedIn) await accept(created.email);
  const token = options.signedIn ? await signIn(created.email) : undefined;
  if (options.deactivated)
    expectStatus(
      await call('POST', `${userPath(w.accountId, created.id)}/deactivate`, { token: w.am.token }),
      200,
      'deactivate',
    );
  const read = await readUser(w.am, created.id);
  return { id: created.id, email: created.email, version: read.version, status: read.status, token };
}
