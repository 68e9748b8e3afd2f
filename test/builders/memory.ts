/**
 * In-memory worlds for the unit tests (no network): `world()` is an account with a signed-in manager, members made
 * through the use cases and callers built from stored state; `orgWorld()` adds the organisation tree, units and
 * admins in a unit. The HTTP builders of the integration tests are in api.ts.
 */
import type { IdentityCaller, MemberCaller } from '#domain/caller.ts';
import { epochSeconds } from '#domain/clock.ts';
import { createAccount } from '#use-cases/accounts.ts';
import { acceptInvitation } from '#use-cases/auth.ts';
import type { OrgUnit } from '#domain/org-unit.ts';
import type { OrganizationDeps } from '#use-cases/deps.ts';
import { createUnit } from '#use-cases/units.ts';
import { createUser, updateUser } from '#use-cases/users.ts';
import { testDeps } from '../fakes/memory.ts';
import { MemoryUnits } from '../fakes/memory-units.ts';
import { PASSWORD } from './password.ts';

export { PASSWORD };

/** The caller with MFA enabled on their identity (requiring MFA needs the caller's own). */
export const withMfa = (caller: MemberCaller): MemberCaller => ({
  ...caller,
  identity: { ...caller.identity!, mfaEnabled: true },
});

/** The body of creating a member `username` (email `<username>@acme.test`), with `over` (unit, role, notes...). */
export const memberInput = (username: string, over: Record<string, unknown> = {}) => ({
  username,
  email: `${username}@acme.test`,
  firstName: 'M',
  lastName: 'M',
  ...over,
});

export async function world() {
  const t = testDeps();
  const { account } = await createAccount(
    t.deps,
    { kind: 'operator' },
    { name: 'Acme', owner: { email: 'boss@acme.test', firstName: 'Bo', lastName: 'Ss' } },
  );
  await acceptInvitation(t.deps, { token: t.mailer.lastToken(), password: PASSWORD });

  /** The caller a member is, as the authenticator would build it from stored state right now. */
  const callerOf = (email: string, accountId = account.id): MemberCaller => {
    const identity = t.dir.identities.get(t.dir.identityByEmail.get(email)!)!;
    return { kind: 'member', identity, membership: t.dir.memberships.get(`${identity.id}/${accountId}`)! };
  };
  const identityCallerOf = (email: string): IdentityCaller => {
    const identity = t.dir.identities.get(t.dir.identityByEmail.get(email)!)!;
    return {
      kind: 'identity',
      identity,
      memberships: [...t.dir.memberships.values()].filter((m) => m.identityId === identity.id),
      // as if signed in just now (a sign-in this recent counts as re-authentication)
      signedInAt: epochSeconds(t.clock.now()),
    };
  };
  const manager = () => callerOf('boss@acme.test');

  /** A member who has accepted their setup link (optionally in another account, by that account's manager). */
  async function member(
    email: string,
    over: { role?: 'user' | 'account_manager'; backupEmail?: string; by?: MemberCaller } = {},
  ) {
    const by = over.by ?? manager();
    const user = await createUser(t.deps, by, {
      username: email
        .split('@')[0]
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 20)
        .padEnd(3, '0'),
      email,
      firstName: 'M',
      lastName: 'M',
      role: over.role,
      backupEmail: over.backupEmail,
    });
    await acceptInvitation(t.deps, { token: t.mailer.lastToken(), password: PASSWORD });
    return { user: t.dir.users.get(`${user.accountId}/${user.id}`)!, caller: () => callerOf(email, user.accountId) };
  }

  /** A second account whose manager is `email`. */
  async function secondAccount(name: string, email: string) {
    const { account: other } = await createAccount(
      t.deps,
      { kind: 'operator' },
      { name, owner: { email, firstName: 'O', lastName: 'T' } },
    );
    await acceptInvitation(t.deps, { token: t.mailer.lastToken(), password: PASSWORD });
    return { account: other, manager: () => callerOf(email, other.id) };
  }

  const eventTypes = () => t.dir.events.map((e) => e.type);
  return { ...t, account, manager, member, secondAccount, callerOf, identityCallerOf, eventTypes };
}

/** The lifecycle world plus in-memory unit and settings stores, units and admins in a unit. */
export async function orgWorld() {
  const w = await world();
  const memory = new MemoryUnits(w.dir);
  const org: OrganizationDeps = {
    access: w.deps.access,
    accounts: w.deps.accounts,
    units: memory.store,
    settingsStore: memory.settings,
    clock: w.clock,
    ids: w.deps.ids,
  };
  const rootId = w.account.rootUnitId!;
  const unit = (id: string, accountId = w.account.id): OrgUnit => w.dir.orgUnits.get(`${accountId}/${id}`)!;

  /** Creates `names` as a chain below `parentId` (each under the previous one); returns them in order. */
  async function chain(parentId: string, names: string[], by: MemberCaller = w.manager()): Promise<OrgUnit[]> {
    const out: OrgUnit[] = [];
    for (const name of names) out.push(await createUnit(org, by, { name, parentId: out.at(-1)?.id ?? parentId }));
    return out;
  }
  /** Creates `count` children of `parentId`. */
  async function children(parentId: string, count: number, prefix = 'child'): Promise<OrgUnit[]> {
    const out: OrgUnit[] = [];
    for (let i = 0; i < count; i++) out.push(await createUnit(org, w.manager(), { name: `${prefix} ${i}`, parentId }));
    return out;
  }
  /** A member (accepted) made an admin of `unitId`'s subtree, sitting in it, with manageUsers unless told otherwise. */
  async function adminIn(email: string, unitId: string, manageUsers = true) {
    const made = await w.member(email);
    await updateUser({ ...w.deps, units: memory.store }, w.manager(), made.user.id, {
      role: 'admin',
      adminUnitIds: [unitId],
      capabilities: { manageUsers },
      unitId,
    });
    return { user: w.dir.users.get(`${w.account.id}/${made.user.id}`)!, caller: () => w.callerOf(email) };
  }
  return { ...w, memory, org, rootId, unit, chain, children, adminIn };
}
