/**
 * Who may do what in an account (the organisation: units, scopes, delegation). Decided from the stored membership (role, scope, capabilities, modules),
 * the units as read for this request (never a path copy the caller could influence) and the delegation records.
 * - account managers: everything in the account;
 * - admins: the subtrees of their `adminUnitIds` — units and settings there, reading the members there, and with
 *   `manageUsers` managing them (never account managers, never an admin whose scope reaches beyond theirs);
 * - a delegate of member U: administers U (and only U) as an admin with `manageUsers` would;
 * - everyone: reads their own record.
 * Nobody grants a role, a scope, a capability or a module they do not hold themselves.
 */
import type { MemberCaller } from './caller.ts';
import { ForbiddenError, MfaEnrollmentRequiredError, ValidationError, type FieldProblem } from './errors.ts';
import { isWithin, type OrgUnit } from './org-unit.ts';
import { ADMIN_MODULES, type Module, modules as allModules, type SettingsPatch } from './settings.ts';
import { capabilityNames, type Grants, type Role, type User } from './user.ts';

/** What this request read about the units and delegations involved (one BatchGetItem, cached per request). */
export interface AccessFacts {
  /** Units by id, a pending move applied. */
  units: ReadonlyMap<string, OrgUnit>;
  /** The caller is a delegate of the target member. */
  delegate: boolean;
}

export type Access = 'manage' | 'read' | 'none';

export const isAccountManager = (caller: MemberCaller): boolean => caller.membership.role === 'account_manager';
export const isAdmin = (caller: MemberCaller): boolean => caller.membership.role === 'admin';

/** Account-wide things (the account, account settings, delegations) are the account manager's. */
export function assertAccountManager(caller: MemberCaller): void {
  if (!isAccountManager(caller)) throw new ForbiddenError('Only account managers may do this');
}

/** The paths of an admin's scope roots that still exist; nested roots are kept (harmless for checks). */
export function scopePaths(caller: MemberCaller, facts: Pick<AccessFacts, 'units'>): string[] {
  if (!isAdmin(caller)) return [];
  return caller.membership.adminUnitIds
    .map((id) => facts.units.get(id)?.path)
    .filter((p): p is string => p !== undefined);
}

/** The minimal set of scope roots: a root inside another is dropped, so listings never return a member twice. */
export function scopeRoots(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => isWithin(p, q)));
}

const withinAny = (path: string | undefined, scope: string[]) =>
  path !== undefined && scope.some((p) => isWithin(path, p));

/** The unit lies in the caller's administration: anywhere for an account manager, in their scope for an admin. */
export function unitInReach(caller: MemberCaller, facts: Pick<AccessFacts, 'units'>, unitId: string): boolean {
  if (isAccountManager(caller)) return facts.units.has(unitId);
  return withinAny(facts.units.get(unitId)?.path, scopePaths(caller, facts));
}

/** What the caller may do with member `target`. */
export function accessTo(
  caller: MemberCaller,
  target: Pick<User, 'id' | 'role' | 'unitId' | 'adminUnitIds'> & Partial<Pick<User, 'capabilities' | 'modules'>>,
  facts: AccessFacts,
): Access {
  if (isAccountManager(caller)) return 'manage';
  if (caller.membership.userId === target.id) return 'read';
  // a delegate administers a regular member, never someone who administers others
  if (facts.delegate) return target.role === 'user' && holdsAtLeast(caller, target) ? 'manage' : 'read';
  if (!isAdmin(caller) || !unitInReach(caller, facts, target.unitId)) return 'none';
  if (target.role === 'account_manager' || !caller.membership.capabilities.manageUsers) return 'read';
  // nobody manages a member who holds more than they do: a capability or admin module the caller lacks, or (an admin) a
  // scope that is not strictly inside the caller's — managing includes their password, hence acting as them
  const scope = scopePaths(caller, facts);
  const strictlyInside = (id: string) => {
    const path = facts.units.get(id)?.path;
    return path !== undefined && scope.some((p) => path !== p && isWithin(path, p));
  };
  const beyond = target.role === 'admin' && !target.adminUnitIds.every(strictlyInside);
  return beyond || !holdsAtLeast(caller, target) ? 'read' : 'manage';
}

/**
 * The caller holds every capability the target has, and every admin-only module (pricing, payment, userManagement):
 * the privileges managing someone (their password included) would hand over. Everyday modules are not privileges.
 */
function holdsAtLeast(
  caller: MemberCaller,
  target: { capabilities?: Grants['capabilities']; modules?: Grants['modules'] },
): boolean {
  const mine = held(caller);
  return (
    capabilityNames.every((c) => !target.capabilities?.[c] || mine.capabilities.has(c)) &&
    adminOnly(target.modules ?? []).every((m) => mine.modules.has(m))
  );
}

export function assertMayRead(caller: MemberCaller, target: Parameters<typeof accessTo>[1], facts: AccessFacts): void {
  if (accessTo(caller, target, facts) === 'none') throw new ForbiddenError('You may not see this member');
}

export function assertMayManage(
  caller: MemberCaller,
  target: Parameters<typeof accessTo>[1],
  facts: AccessFacts,
): void {
  const access = accessTo(caller, target, facts);
  if (access === 'manage') return;
  throw new ForbiddenError(
    access === 'read' ? 'You may see this member but not change them' : 'You may not manage this member',
  );
}

/**
 * Managers' notes about a member are for account managers and for the admins whose scope holds the member; never for
 * the member themselves, a delegate or a plain member.
 */
export function maySeeNotes(
  caller: MemberCaller,
  target: Pick<User, 'id' | 'unitId'>,
  facts: Pick<AccessFacts, 'units'>,
): boolean {
  if (isAccountManager(caller)) return true;
  return isAdmin(caller) && caller.membership.userId !== target.id && unitInReach(caller, facts, target.unitId);
}

/** Creating members (directly or by invitation): account managers, and admins with manageUsers. */
export function assertMayAddMembers(caller: MemberCaller): void {
  if (isAccountManager(caller) || (isAdmin(caller) && caller.membership.capabilities.manageUsers)) return;
  throw new ForbiddenError('Only account managers and admins with manageUsers may add members');
}

/** Listing members, units and the audit log: account managers, and admins (their scope only). */
export function assertMayBrowse(caller: MemberCaller): void {
  if (isAccountManager(caller) || isAdmin(caller)) return;
  throw new ForbiddenError('Only account managers and admins may list this');
}

/** Units the caller may change: account managers anywhere; admins within their scope (`strict`: not a scope root itself). */
export function assertUnitInReach(
  caller: MemberCaller,
  facts: Pick<AccessFacts, 'units'>,
  unitId: string,
  options: { strict?: boolean } = {},
): void {
  if (isAccountManager(caller)) return;
  if (!isAdmin(caller)) throw new ForbiddenError('Only account managers and admins manage units');
  const path = facts.units.get(unitId)?.path;
  const scope = scopePaths(caller, facts);
  // strict: below a scope unit, and not one of the caller's own scope units (moving or deleting it changes the scope)
  const ok = options.strict
    ? !caller.membership.adminUnitIds.includes(unitId) &&
      scope.some((p) => path !== undefined && path !== p && isWithin(path, p))
    : withinAny(path, scope);
  if (!ok)
    throw new ForbiddenError(
      options.strict
        ? 'Only units below your own scope units may be moved or deleted by you'
        : 'This unit is outside your scope',
    );
}

/** The modules only admins and account managers may have. */
export const adminOnly = (modules: readonly Module[]) =>
  modules.filter((m) => (ADMIN_MODULES as readonly string[]).includes(m));

/** Shape rules of grants, for everyone: a scope only for admins; admin modules only for admins and account managers. */
export function assertGrantsShape(next: Grants): void {
  const problems: FieldProblem[] = [];
  if (next.role !== 'admin' && next.adminUnitIds.length)
    problems.push({ path: 'adminUnitIds', message: 'only admins have a scope' });
  if (next.role === 'admin' && next.adminUnitIds.length === 0)
    problems.push({ path: 'adminUnitIds', message: 'an admin needs at least one unit' });
  if (problems.length) throw new ValidationError(problems);
  const refused = next.role === 'user' ? adminOnly(next.modules) : [];
  if (refused.length)
    throw new ValidationError(
      refused.map((m) => ({ path: 'modules', message: `"${m}" is only for admins and account managers` })),
      'module_requires_admin',
      'Module requires an admin',
    );
}

/** What the caller holds, to grant from. Account managers hold everything. */
function held(caller: MemberCaller): { roles: Role[]; capabilities: Set<string>; modules: Set<string> } {
  if (isAccountManager(caller))
    return {
      roles: ['account_manager', 'admin', 'user'],
      capabilities: new Set(capabilityNames),
      modules: new Set(allModules),
    };
  const m = caller.membership;
  return {
    roles: m.role === 'admin' ? ['admin', 'user'] : ['user'],
    capabilities: new Set(capabilityNames.filter((c) => m.capabilities[c])),
    modules: new Set(m.modules),
  };
}

/**
 * What a new member's grants ask that the caller does not hold themselves (a role, capability or module; not a scope
 * or a unit): the refusal's message, or null. The same rules as assertMayGrant's, for telling the two kinds apart.
 */
export function grantNotHeld(caller: MemberCaller, next: Grants): string | null {
  const mine = held(caller);
  if (!mine.roles.includes(next.role)) return `You may not grant the role ${next.role}`;
  const capability = capabilityNames.find((c) => next.capabilities[c] && !mine.capabilities.has(c));
  if (capability) return `You may not grant ${capability}: you do not hold it`;
  const module = next.modules.find((m) => !mine.modules.has(m));
  if (module) return `You may not grant the module ${module}: you do not hold it`;
  return null;
}

/**
 * No escalation: every role, scope unit, capability and module the change adds must be the caller's own; a member
 * placed or moved lands in a unit in the caller's reach; nobody but an account manager changes their own grants.
 * `current` is null for a new member.
 */
export function assertMayGrant(
  caller: MemberCaller,
  facts: Pick<AccessFacts, 'units'>,
  targetId: string | null,
  current: (Grants & { unitId: string }) | null,
  next: Grants & { unitId: string },
): void {
  assertGrantsShape(next);
  if (isAccountManager(caller)) return;
  const changed = {
    role: !current || current.role !== next.role,
    scope: next.adminUnitIds.filter((id) => !current?.adminUnitIds.includes(id)),
    capabilities: capabilityNames.filter((c) => next.capabilities[c] && !current?.capabilities[c]),
    modules: next.modules.filter((m) => !current?.modules.includes(m)),
    unit: !current || current.unitId !== next.unitId,
  };
  const sameSet = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && a.every((x) => b.includes(x));
  const grantsChanged =
    !current ||
    current.role !== next.role ||
    !sameSet(current.adminUnitIds, next.adminUnitIds) ||
    capabilityNames.some((c) => current.capabilities[c] !== next.capabilities[c]) ||
    !sameSet(current.modules, next.modules);
  if (targetId === caller.membership.userId && grantsChanged)
    throw new ForbiddenError('You may not change your own role, scope, capabilities or modules');
  const mine = held(caller);
  if (changed.role && !mine.roles.includes(next.role))
    throw new ForbiddenError(`You may not grant the role ${next.role}`);
  for (const unitId of changed.scope)
    if (!unitInReach(caller, facts, unitId)) throw new ForbiddenError(`Unit ${unitId} is outside your scope`);
  for (const c of changed.capabilities)
    if (!mine.capabilities.has(c)) throw new ForbiddenError(`You may not grant ${c}: you do not hold it`);
  for (const m of changed.modules)
    if (!mine.modules.has(m)) throw new ForbiddenError(`You may not grant the module ${m}: you do not hold it`);
  if (changed.unit && !unitInReach(caller, facts, next.unitId))
    throw new ForbiddenError('The member’s unit must be inside your scope');
}

/** The modules a new member gets when none are named: the everyday (non-admin) ones the caller holds. */
export function defaultModules(caller: MemberCaller): Module[] {
  const mine = held(caller).modules;
  return allModules.filter((m) => !(ADMIN_MODULES as readonly string[]).includes(m) && mine.has(m));
}

/** Relaxing MFA (`mfaRequired: false`, or removing an override) below the account's decision is the account manager's. */
export function assertMaySetSettings(caller: MemberCaller, patch: SettingsPatch): void {
  if (isAccountManager(caller) || patch.mfaRequired === undefined || patch.mfaRequired === true) return;
  throw new ForbiddenError('Only account managers may relax mfaRequired');
}

/**
 * Turning mfaRequired on at a level (the account, a unit, a member: stored false or unset → true) needs the caller's own
 * MFA, so that nobody locks themselves out of every route but enrolment. Turning it off, or leaving it on, does not.
 */
export function assertMayRequireMfa(
  caller: MemberCaller,
  before: boolean | undefined,
  after: boolean | undefined,
): void {
  if (after !== true || before === true || caller.identity?.mfaEnabled) return;
  throw new MfaEnrollmentRequiredError('Enable multi-factor authentication (/v1/me/mfa/totp) before requiring it');
}

export interface EffectivePermissions {
  role: Role;
  adminUnitIds: string[];
  capabilities: Record<(typeof capabilityNames)[number], boolean>;
  /** The portal modules the member can open: their modules within the effective `allowedModules`. */
  modules: Module[];
  /** Whether the member must use MFA (the effective `mfaRequired`). */
  mfaRequired: boolean;
}

/** What the member would see in a portal menu. Account managers hold every capability and module the settings allow. */
export function effectivePermissions(
  user: Grants,
  allowed: readonly Module[],
  mfaRequired: boolean,
): EffectivePermissions {
  const manager = user.role === 'account_manager';
  const base = manager ? allModules : user.modules;
  const modules = allModules.filter(
    (m) => base.includes(m) && allowed.includes(m) && (user.role !== 'user' || !adminOnly([m]).length),
  );
  const capabilities = Object.fromEntries(
    capabilityNames.map((c) => [c, manager || user.capabilities[c]]),
  ) as EffectivePermissions['capabilities'];
  return {
    role: user.role,
    adminUnitIds: user.role === 'admin' ? [...user.adminUnitIds] : [],
    capabilities,
    modules,
    mfaRequired,
  };
}
