/**
 * Domain records for the contract suite, each with ids of its own run, so that the DynamoDB runs never see each
 * other's data (nor the HTTP tests' on the same table).
 */
import { defaultDeploymentBrand } from '#domain/brand.ts';
import { randomUUID } from 'node:crypto';
import type { Account } from '#domain/account.ts';
import type { AuditEvent } from '#domain/audit.ts';
import type { Identity, Membership } from '#domain/identity.ts';
import type { Invitation } from '#domain/invitation.ts';
import { newInvitation } from '#domain/invitation-rules.ts';
import { newChildUnit, newRootUnit, type OrgUnit } from '#domain/org-unit.ts';
import { grantsOf, NO_CAPABILITIES, type Role, type User } from '#domain/user.ts';
import { newSetupLink } from '#use-cases/setup-link.ts';
import type { StorePorts } from './ports.ts';

const run = randomUUID().slice(0, 8);
let seq = 0;
/** A fresh id, unique to this run; ids made later sort after earlier ones (events are listed by id). */
export const uid = (prefix: string): string => `${prefix}${run}${String(++seq).padStart(5, '0')}`;

/** The suite's clock: whole seconds, now. */
export const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);
/** The daily mail quota of T0's day, as the use cases pass it to the stores. */
export const QUOTA = {
  day: T0.toISOString().slice(0, 10),
  limit: 500,
  endsAt: new Date(`${T0.toISOString().slice(0, 10)}T00:00:00.000Z`).getTime() + 24 * 3600 * 1000,
};
export const quotaOfT0 = () => ({ ...QUOTA, endsAt: new Date(QUOTA.endsAt) });
export const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const WEEK = 7 * 24 * 3600;

export function auditEvent(accountId: string, input: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: uid('ev'),
    accountId,
    type: 'contract.tested',
    at: T0.toISOString(),
    actor: { kind: 'system' },
    target: {},
    details: {},
    ...input,
  };
}

export function userIn(account: Account, unit: OrgUnit, input: Partial<User> = {}): User {
  const id = input.id ?? uid('u');
  return {
    id,
    accountId: account.id,
    type: 'person',
    username: `user${id}`.toLowerCase().slice(-20),
    email: `${id}@contract.test`.toLowerCase(),
    firstName: 'Contract',
    lastName: 'Member',
    backupEmail: null,
    role: 'user',
    status: 'invited',
    countryCode: null,
    language: null,
    unitId: unit.id,
    unitPath: unit.path,
    adminUnitIds: [],
    capabilities: { ...NO_CAPABILITIES },
    modules: [],
    settings: {},
    identityId: null,
    friendlyName: null,
    notes: null,
    emailAliases: [],
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    version: 1,
    ...input,
  };
}

/** A member's setup link, as the use cases make it. */
export function setupLinkOf(user: User, now = T0): Invitation {
  const deps = {
    ids: { next: () => uid('inv') },
    settings: { appUrl: 'https://contract.test', invitationTtlSeconds: WEEK, brand: defaultDeploymentBrand },
  };
  return newSetupLink(deps, user, { kind: 'operator' }, now).invitation;
}

/** An invitation by email into a unit (nobody holds the email yet). */
export function invitationTo(account: Account, unit: OrgUnit, input: { now?: Date; ttlSeconds?: number } = {}) {
  return newInvitation({
    id: uid('inv'),
    accountId: account.id,
    email: `${uid('inv')}@contract.test`,
    role: 'user',
    kind: 'invite',
    userId: null,
    message: null,
    invitedBy: { kind: 'operator' },
    now: input.now ?? T0,
    ttlSeconds: input.ttlSeconds ?? WEEK,
    placement: {
      unitId: unit.id,
      unitPath: unit.path,
      role: 'user',
      adminUnitIds: [],
      capabilities: NO_CAPABILITIES,
      modules: [],
    },
  }).invitation;
}

export interface Seeded {
  account: Account;
  root: OrgUnit;
  owner: User;
  ownerLink: Invitation;
}

/** A new account with its owner (invited) and root unit, written through `accounts.createWithOwner`. */
export async function seedAccount(ports: StorePorts): Promise<Seeded> {
  const accountId = uid('acct');
  const root = newRootUnit(accountId, uid('root'), 'Root', T0.toISOString());
  const account: Account = {
    id: accountId,
    name: `Contract ${accountId}`,
    contactEmail: null,
    contactPhone: null,
    mfaRequired: false,
    rootUnitId: root.id,
    settings: {},
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    version: 1,
  };
  const owner = userIn(account, root, { role: 'account_manager' });
  const ownerLink = setupLinkOf(owner);
  await ports.accounts.createWithOwner({
    account,
    owner,
    invitation: ownerLink,
    event: auditEvent(accountId, { type: 'account.created', target: { userId: owner.id } }),
    rootUnit: root,
  });
  return { account, root, owner, ownerLink };
}

/** A directory member created with its setup link (`users.create`). */
export async function seedMember(ports: StorePorts, s: Seeded, unit = s.root, input: Partial<User> = {}) {
  const user = userIn(s.account, unit, input);
  const link = setupLinkOf(user);
  await ports.users.create({
    user,
    invitation: link,
    event: auditEvent(s.account.id, { target: { userId: user.id } }),
    quota: quotaOfT0(),
  });
  return { user, link };
}

/** A child unit of `parent`, created through `units.create`; returns it as stored. */
export async function seedUnit(ports: StorePorts, parent: OrgUnit, name = 'Unit'): Promise<OrgUnit> {
  const current = (await ports.units.getWithTree(parent.accountId, parent.id)).unit ?? parent;
  const unit = newChildUnit(current, uid('unit'), name, T0.toISOString());
  await ports.units.create(unit, current, auditEvent(parent.accountId));
  return unit;
}

/** A new identity for `email`, and the active membership it gives `user` (with the user's grants). */
export function newSignIn(user: User, email: string): { identity: Identity; membership: Membership } {
  const identity: Identity = {
    id: uid('idn'),
    email,
    tokensValidAfter: 0,
    mfaEnabled: false,
    createdAt: T0.toISOString(),
  };
  const membership: Membership = {
    accountId: user.accountId,
    userId: user.id,
    identityId: identity.id,
    status: 'active',
    tokensValidAfter: 0,
    ...grantsOf(user),
  };
  return { identity, membership };
}

/**
 * The member accepts their setup link: claimed, then completed with a new identity. Returns the active member,
 * their identity and membership.
 */
export async function seedSignedIn(ports: StorePorts, user: User, link: Invitation, role: Role = user.role) {
  const claimId = uid('claim');
  await ports.invitations.claimAcceptance(link, claimId, T0);
  const { identity, membership } = newSignIn({ ...user, role }, user.email);
  const active: User = { ...user, role, status: 'active', identityId: identity.id, version: user.version + 1 };
  await ports.acceptance.completeAcceptance({
    identity,
    identityIsNew: true,
    membership,
    user: active,
    invitation: { ...link, claimId },
    event: auditEvent(user.accountId, { target: { userId: user.id } }),
  });
  return { user: active, identity, membership };
}

/** Every page of a listing, the pages' sizes, and the cursors (the last is null). */
export async function allPages<T>(
  list: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= 50; pages++) {
    const page = await list(cursor);
    items.push(...page.items);
    if (!page.nextCursor) return { items, pages };
    cursor = page.nextCursor;
  }
  throw new Error('more than 50 pages');
}
