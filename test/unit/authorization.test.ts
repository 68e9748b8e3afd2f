/** The authorization policy of the organisation (scopes, delegates) as pure rules: who may read or manage whom, and what nobody may grant. */
import { describe, expect, it } from 'vitest';
import {
  accessTo,
  assertMayGrant,
  assertMaySetSettings,
  assertUnitInReach,
  defaultModules,
  effectivePermissions,
  scopeRoots,
  unitInReach,
  type AccessFacts,
} from '#domain/authorization.ts';
import type { MemberCaller } from '#domain/caller.ts';
import { ForbiddenError, ValidationError } from '#domain/errors.ts';
import type { OrgUnit } from '#domain/org-unit.ts';
import { modules } from '#domain/settings.ts';
import { NO_CAPABILITIES, type Grants, type Role } from '#domain/user.ts';

// root R ─ emea E ─ berlin B ; root R ─ apac A
const unit = (id: string, path: string): OrgUnit => ({
  id,
  accountId: 'a1',
  name: id,
  parentId: null,
  path,
  depth: path.split('/').filter(Boolean).length - 1,
  childCount: 0,
  memberCount: 0,
  version: 1,
  createdAt: '',
  updatedAt: '',
});
const units = new Map(
  [unit('R', '/R/'), unit('E', '/R/E/'), unit('B', '/R/E/B/'), unit('A', '/R/A/')].map((u) => [u.id, u]),
);
const facts = (delegate = false): AccessFacts => ({ units, delegate });

function caller(role: Role, over: Partial<Grants> & { userId?: string } = {}): MemberCaller {
  return {
    kind: 'member',
    identity: { id: 'i', email: 'c@x.test', tokensValidAfter: 0, mfaEnabled: false, createdAt: '' },
    membership: {
      accountId: 'a1',
      userId: over.userId ?? 'caller',
      identityId: 'i',
      role,
      status: 'active',
      tokensValidAfter: 0,
      adminUnitIds: over.adminUnitIds ?? [],
      capabilities: { ...NO_CAPABILITIES, ...over.capabilities },
      modules: over.modules ?? [],
    },
  };
}
const manager = caller('account_manager');
const emeaAdmin = caller('admin', {
  adminUnitIds: ['E'],
  capabilities: { ...NO_CAPABILITIES, manageUsers: true },
  modules: ['fax', 'voice', 'reports'],
});
const emeaViewer = caller('admin', { adminUnitIds: ['E'] });
const regular = caller('user');
const member = (over: { id?: string; role?: Role; unitId?: string; adminUnitIds?: string[] } = {}) => ({
  id: over.id ?? 't',
  role: over.role ?? 'user',
  unitId: over.unitId ?? 'B',
  adminUnitIds: over.adminUnitIds ?? [],
});
const grants = (over: Partial<Grants & { unitId: string }> = {}) => ({
  role: 'user' as Role,
  unitId: 'B',
  adminUnitIds: [],
  capabilities: { ...NO_CAPABILITIES },
  modules: [],
  ...over,
});

describe('who may read and manage a member', () => {
  it('account managers manage everyone; an admin with manageUsers manages their subtree only', () => {
    expect(accessTo(manager, member({ unitId: 'A' }), facts())).toBe('manage');
    expect(accessTo(emeaAdmin, member({ unitId: 'B' }), facts())).toBe('manage');
    expect(accessTo(emeaAdmin, member({ unitId: 'E' }), facts())).toBe('manage');
    expect(accessTo(emeaAdmin, member({ unitId: 'A' }), facts())).toBe('none');
    expect(accessTo(emeaAdmin, member({ unitId: 'R' }), facts())).toBe('none');
  });

  it('an admin without manageUsers reads their subtree but changes nobody', () => {
    expect(accessTo(emeaViewer, member({ unitId: 'B' }), facts())).toBe('read');
    expect(accessTo(emeaViewer, member({ unitId: 'A' }), facts())).toBe('none');
  });

  it('an admin never manages an account manager, nor an admin whose scope reaches beyond theirs', () => {
    expect(accessTo(emeaAdmin, member({ role: 'account_manager' }), facts())).toBe('read');
    expect(accessTo(emeaAdmin, member({ role: 'admin', adminUnitIds: ['B'] }), facts())).toBe('manage');
    expect(accessTo(emeaAdmin, member({ role: 'admin', adminUnitIds: ['B', 'A'] }), facts())).toBe('read');
  });

  it('a delegate administers exactly the regular member they were given, never an admin or account manager', () => {
    expect(accessTo(regular, member({ unitId: 'A' }), facts(true))).toBe('manage');
    expect(accessTo(regular, member({ unitId: 'A' }), facts(false))).toBe('none');
    expect(accessTo(regular, member({ role: 'account_manager' }), facts(true))).toBe('read');
    expect(accessTo(regular, member({ role: 'admin', adminUnitIds: ['B'] }), facts(true))).toBe('read');
  });

  it('nobody manages a member who holds more: a capability or admin module the caller lacks, or a peer admin of the same scope', () => {
    const base = member({ unitId: 'B' });
    expect(
      accessTo(
        emeaAdmin,
        { ...base, capabilities: { ...NO_CAPABILITIES, manageUsers: true }, modules: ['fax'] },
        facts(),
      ),
    ).toBe('manage');
    expect(accessTo(emeaAdmin, { ...base, capabilities: { ...NO_CAPABILITIES, manageE911: true } }, facts())).toBe(
      'read',
    );
    expect(accessTo(emeaAdmin, { ...base, modules: ['payment'] }, facts())).toBe('read');
    // everyday modules are no privilege: the admin lacks messaging, and still manages a member who has it
    expect(accessTo(emeaAdmin, { ...base, modules: ['messaging'] }, facts())).toBe('manage');
    expect(accessTo(emeaAdmin, member({ role: 'admin', adminUnitIds: ['E'], unitId: 'B' }), facts())).toBe('read');
  });

  it('everyone reads themself, and no one but an account manager manages themself', () => {
    expect(accessTo(regular, member({ id: 'caller' }), facts())).toBe('read');
    expect(accessTo(emeaAdmin, member({ id: 'caller', unitId: 'B' }), facts())).toBe('read');
    expect(accessTo(manager, member({ id: 'caller' }), facts())).toBe('manage');
  });
});

/** `by` granting a new member (no current grants) `grants(over)`, as a thunk for `expect`. */
const granting = (by: MemberCaller, over: Parameters<typeof grants>[0]) => () =>
  assertMayGrant(by, facts(), null, null, grants(over));

describe('no escalation', () => {
  it('an admin grants roles, scopes, capabilities and modules only from what they hold', () => {
    const ok = granting(emeaAdmin, {
      role: 'admin',
      adminUnitIds: ['B'],
      capabilities: { ...NO_CAPABILITIES, manageUsers: true },
      modules: ['fax'],
    });
    expect(ok).not.toThrow();
    expect(granting(emeaAdmin, { role: 'account_manager' })).toThrow(ForbiddenError);
    expect(granting(emeaAdmin, { role: 'admin', adminUnitIds: ['A'] })).toThrow(/outside your scope/);
    expect(granting(emeaAdmin, { capabilities: { ...NO_CAPABILITIES, manageE911: true } })).toThrow(/manageE911/);
    expect(granting(emeaAdmin, { modules: ['messaging'] })).toThrow(/messaging/);
    expect(granting(emeaAdmin, { unitId: 'A' })).toThrow(/inside your scope/);
    // the same grants by an account manager: allowed
    expect(
      granting(manager, {
        role: 'admin',
        adminUnitIds: ['A'],
        capabilities: { ...NO_CAPABILITIES, manageE911: true },
        modules: ['messaging'],
        unitId: 'A',
      }),
    ).not.toThrow();
  });

  it('keeping what a member already has is no grant; only additions are checked', () => {
    const current = grants({ modules: ['messaging'] });
    expect(() =>
      assertMayGrant(emeaAdmin, facts(), 't', current, { ...current, modules: ['messaging', 'fax'] }),
    ).not.toThrow();
    expect(() =>
      assertMayGrant(emeaAdmin, facts(), 't', current, { ...current, modules: ['messaging', 'pricing'], role: 'user' }),
    ).toThrow(ValidationError);
  });

  it('nobody but an account manager changes their own grants', () => {
    const own = grants({
      role: 'admin',
      adminUnitIds: ['E'],
      capabilities: { ...NO_CAPABILITIES, manageUsers: true },
      modules: ['fax'],
    });
    expect(() => assertMayGrant(emeaAdmin, facts(), 'caller', own, { ...own, adminUnitIds: ['E', 'B'] })).toThrow(
      /your own/,
    );
    expect(() => assertMayGrant(emeaAdmin, facts(), 'caller', own, own)).not.toThrow();
  });

  it('admin-only modules need an admin or account manager (400 module_requires_admin); a scope needs an admin', () => {
    expect(granting(manager, { modules: ['payment'] })).toThrow(
      expect.objectContaining({ code: 'module_requires_admin' }),
    );
    expect(granting(manager, { role: 'admin', adminUnitIds: ['E'], modules: ['payment'] })).not.toThrow();
    expect(granting(manager, { adminUnitIds: ['E'] })).toThrow(ValidationError);
  });

  it('relaxing mfaRequired is the account manager’s; tightening is anyone’s who manages the level', () => {
    expect(() => assertMaySetSettings(emeaAdmin, { mfaRequired: false })).toThrow(ForbiddenError);
    expect(() => assertMaySetSettings(emeaAdmin, { mfaRequired: null })).toThrow(ForbiddenError);
    expect(() => assertMaySetSettings(emeaAdmin, { mfaRequired: true, language: 'de' })).not.toThrow();
    expect(() => assertMaySetSettings(manager, { mfaRequired: false })).not.toThrow();
  });
});

describe('scopes and menus', () => {
  it('an admin moves or deletes units below their scope units, never one of their own scope units', () => {
    const nested = caller('admin', { adminUnitIds: ['E', 'B'] });
    expect(() => assertUnitInReach(nested, facts(), 'B', { strict: true })).toThrow(ForbiddenError);
    expect(() => assertUnitInReach(emeaAdmin, facts(), 'B', { strict: true })).not.toThrow();
    expect(() => assertUnitInReach(emeaAdmin, facts(), 'E', { strict: true })).toThrow(ForbiddenError);
    expect(() => assertUnitInReach(emeaAdmin, facts(), 'E')).not.toThrow();
  });

  it('nested scope roots collapse to the outermost; reach follows the subtree', () => {
    expect(scopeRoots(['/R/E/B/', '/R/E/', '/R/A/'])).toEqual(['/R/A/', '/R/E/']);
    expect(unitInReach(emeaAdmin, facts(), 'B')).toBe(true);
    expect(unitInReach(emeaAdmin, facts(), 'A')).toBe(false);
  });

  it('effective permissions: modules within allowedModules, admin modules never for a user, account managers hold all', () => {
    expect(
      effectivePermissions(
        { role: 'user', adminUnitIds: [], capabilities: NO_CAPABILITIES, modules: ['fax', 'voice', 'pricing'] },
        ['fax', 'pricing'],
        true,
      ),
    ).toEqual({ role: 'user', adminUnitIds: [], capabilities: NO_CAPABILITIES, modules: ['fax'], mfaRequired: true });
    const am = effectivePermissions(
      { role: 'account_manager', adminUnitIds: [], capabilities: NO_CAPABILITIES, modules: [] },
      [...modules],
      false,
    );
    expect(am.modules).toEqual([...modules]);
    expect(am.capabilities.manageUsers).toBe(true);
  });

  it('a new member gets the everyday modules the caller holds', () => {
    expect(defaultModules(manager)).toEqual(['messaging', 'fax', 'voice', 'contacts', 'reports']);
    expect(defaultModules(emeaAdmin)).toEqual(['fax', 'voice', 'reports']);
  });
});
