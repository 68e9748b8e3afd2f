import {
  assertGrantsShape,
  assertMayAddMembers,
  assertMayBrowse,
  assertUnitInReach,
  assertMayGrant,
  assertMayManage,
  assertMayRead,
  assertMayRequireMfa,
  assertMaySetSettings,
  defaultModules,
  adminOnly,
  effectivePermissions,
  isAccountManager,
  isAdmin,
  maySeeNotes,
  scopePaths,
  scopeRoots,
  type EffectivePermissions,
} from '#domain/authorization.ts';
import type { Account } from '#domain/account.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import type { Actor } from '#domain/invitation.ts';
import {
  assertIfMatch,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnitMoveInProgressError,
  ValidationError,
} from '#domain/errors.ts';
import { activeManagersDelta } from '#domain/lifecycle.ts';
import { DAILY_INVITATION_LIMIT, mailedAfterCommit, quotaDay } from '#domain/invitation-rules.ts';
import { pathIds, rootPath } from '#domain/org-unit.ts';
import {
  accountSettings,
  applySettingsPatch,
  assertWithinLevelsAbove,
  mfaOverrideDelta,
  resolveSettings,
  type EffectiveSettings,
  type Module,
  type SettingsPatch,
} from '#domain/settings.ts';
import {
  assertGrantsFitType,
  SYSTEM_USERNAME_PATTERN,
  type UserType,
  NO_CAPABILITIES,
  type Capabilities,
  type Grants,
  type Role,
  type User,
  type UserPatch,
  type UserStatus,
} from '#domain/user.ts';
import type { Page } from '#ports/paging.ts';
import type { MemberItems, MemberItemsStore, UserInclude } from '#ports/member-items.ts';
import type { Device } from '#domain/device.ts';
import type { GroupMembership } from '#domain/group.ts';
import type { PhoneNumber } from '#domain/phone-number.ts';
import { effectiveServiceSettings, type Service } from '#domain/service.ts';
import type { MoveRepairStore } from '#ports/units.ts';
import { settleAfterRefusedPlacement } from './unit-moves.ts';
import { DEFAULT_SCIM_CONNECTION, type ScimConnection } from '#domain/scim/connection.ts';
import {
  assertMaySetScimConnection,
  patchedScimConnection,
  assertScimUnitInScope,
  scimConnectionOf,
  type ScimConnectionPatch,
} from '#domain/scim/connection-settings.ts';
import {
  assertMayManageTheirDelegations,
  assertMoveKeepsMfa,
  readFacts,
  unitNamed,
  type AccessDeps,
  type Facts,
} from './access.ts';
import { getAccount } from './accounts.ts';
import type { Deps, UserReads, AccountReads, UserListings, UserEdits } from './deps.ts';
import { auditEvent } from '#domain/audit.ts';
import { newSetupLink, sendSetupMail } from './setup-link.ts';
import { noticeBackupEmailChange } from './backup-email-notice.ts';
import { retryWithoutIfMatch, withStableTree } from './retries.ts';
import { newDevice } from './device-events.ts';

/** Where a new member sits and what they hold, as asked; what is not asked gets the defaults (`requestedGrants`). */
export interface GrantsRequest {
  role?: Role;
  unitId?: string;
  adminUnitIds?: string[];
  capabilities?: Partial<Capabilities>;
  modules?: Module[];
}

/** A member created directly (POST …/users): who they are, and the grants asked for them. */
export interface NewUserInput extends GrantsRequest {
  /** `person` when absent. */
  type?: UserType;
  username: string;
  /** Required of a person (their sign-in); an optional contact address, which is no sign-in, for the other types. */
  email?: string;
  firstName: string;
  lastName: string;
  backupEmail?: string | null;
  countryCode?: string | null;
  language?: string | null;
  friendlyName?: string | null;
  notes?: string | null;
  /** A phone with this extension is created with the member, in the same transaction (409 extension_taken: no member). */
  extension?: string;
}

/**
 * The grants a new member gets (invited directly or by email): what is asked, else the defaults — the root (an
 * admin: their first scope unit), role user, no capabilities, the everyday modules the caller holds.
 */
export function requestedGrants(
  caller: MemberCaller,
  rootUnitId: string,
  input: GrantsRequest,
): Grants & { unitId: string } {
  const fallbackUnit = isAdmin(caller) ? caller.membership.adminUnitIds[0] : rootUnitId;
  return {
    unitId: input.unitId ?? fallbackUnit,
    role: input.role ?? 'user',
    adminUnitIds: input.adminUnitIds ?? [],
    capabilities: { ...NO_CAPABILITIES, ...input.capabilities },
    modules: input.modules ?? defaultModules(caller),
  };
}

/**
 * Checks new grants against the caller (one read: the units they name and the caller's scope) and resolves the
 * unit's path. An account manager placing a member in the root with no scope reads nothing: the root never moves.
 */
export async function placementFor(
  deps: AccessDeps,
  caller: MemberCaller,
  grants: Grants & { unitId: string },
  rootUnitId: string,
): Promise<Grants & { unitId: string; unitPath: string }> {
  assertMayAddMembers(caller);
  if (isAccountManager(caller) && grants.unitId === rootUnitId && grants.adminUnitIds.length === 0) {
    assertGrantsShape(grants);
    return { ...grants, unitPath: rootPath(rootUnitId) };
  }
  const facts = await readFacts(deps, caller, { unitIds: [grants.unitId, ...grants.adminUnitIds] });
  const unit = unitNamed(facts, grants.unitId);
  for (const id of grants.adminUnitIds) unitNamed(facts, id);
  assertMayGrant(caller, facts, null, null, grants);
  return { ...grants, unitPath: unit.path };
}

/** A write that places a member: refused while a move holds the tree; an abandoned move is completed first (units). */
export async function placing(
  deps: { units?: MoveRepairStore; clock: Deps['clock']; ids: Deps['ids'] },
  caller: MemberCaller,
  write: () => Promise<void>,
): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!(error instanceof UnitMoveInProgressError) || !deps.units) throw error;
    await settleAfterRefusedPlacement(
      { units: deps.units, clock: deps.clock, ids: deps.ids },
      caller.membership.accountId,
    );
  }
}

export async function createUser(
  deps: Pick<Deps, 'users' | 'mailer' | 'translators' | 'clock' | 'ids' | 'settings'> &
    AccessDeps & {
      accounts: AccountReads;
      units?: MoveRepairStore;
      invitations: Pick<Deps['invitations'], 'setDelivery'>;
    },
  caller: MemberCaller,
  input: NewUserInput,
): Promise<User> {
  const type = input.type ?? 'person';
  assertNewMemberFields(type, input);
  const account = await getAccount(deps, caller);
  const grants = requestedGrants(caller, account.rootUnitId ?? '', input);
  assertGrantsFitType(type, grants);
  if (type !== 'person') return createWithoutSignIn(deps, caller, { ...input, type }, grants, account.rootUnitId ?? '');
  const actor = actorOf(caller);
  const { user, invitation, token } = await withStableTree(async () => {
    const placement = await placementFor(deps, caller, grants, account.rootUnitId ?? '');
    const at = deps.clock.now();
    const now = at.toISOString();
    const user = newMemberRecord(deps.ids.next(), caller, { ...input, type: 'person' }, placement, 'invited', now);
    const link = mailedAfterCommit(newSetupLink(deps, user, actor, at));
    const event = memberCreated(deps, actor, user, { email: user.email });
    // the setup mail counts against the day's mail quota like an invitation: past it, 429 and nothing is written
    const day = quotaDay(at);
    const quota = { day: day.day, limit: DAILY_INVITATION_LIMIT, endsAt: day.endsAt };
    const device = input.extension ? newDevice(deps, caller, user, { extension: input.extension }, now) : undefined;
    await placing(deps, caller, () =>
      deps.users.create({ user, invitation: link.invitation, event, quota, ...(device ? { device } : {}) }),
    );
    return { user, ...link };
  });
  await sendSetupMail(deps, account, user, invitation, token);
  return user;
}

/** A person needs their sign-in email; a system user's username is letters and digits only. 400 otherwise. */
function assertNewMemberFields(type: UserType, input: NewUserInput): void {
  if (type === 'person' && !input.email)
    throw new ValidationError([{ path: 'email', message: 'a person needs an email to sign in with' }]);
  if (type === 'system' && !SYSTEM_USERNAME_PATTERN.test(input.username))
    throw new ValidationError([{ path: 'username', message: 'a system username is 3–20 of a-z and 0-9' }]);
}

/** `user.created` about a new member: who they are, their role and unit, and `details` of their kind. */
export const memberCreated = (deps: Pick<Deps, 'ids'>, actor: Actor, user: User, details: Record<string, unknown>) =>
  auditEvent(deps.ids, {
    accountId: user.accountId,
    type: 'user.created',
    at: user.createdAt,
    actor,
    target: { userId: user.id },
    unitPath: user.unitPath,
    details: { username: user.username, ...details, role: user.role, unitId: user.unitId },
  });

/** A new member's record as the request describes them: no sign-in yet, no aliases, no settings of their own. */
export function newMemberRecord(
  id: string,
  caller: MemberCaller,
  input: NewUserInput & { type: UserType },
  placement: Grants & { unitId: string; unitPath: string },
  status: 'invited' | 'active',
  now: string,
): User {
  return {
    id,
    accountId: caller.membership.accountId,
    type: input.type,
    username: input.username,
    email: input.email ?? '',
    firstName: input.firstName,
    lastName: input.lastName,
    backupEmail: input.backupEmail ?? null,
    status,
    countryCode: input.countryCode ?? null,
    language: input.language ?? null,
    friendlyName: input.friendlyName ?? null,
    notes: input.notes ?? null,
    emailAliases: [],
    ...placement,
    settings: {},
    identityId: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/**
 * A member of another type than person: active at once, with no sign-in, no email claim, no setup link and no mail
 * (so no mail quota): one transaction of the user, its username claim, its unit's count and the event.
 */
async function createWithoutSignIn(
  deps: Pick<Deps, 'users' | 'clock' | 'ids'> & AccessDeps & { units?: MoveRepairStore },
  caller: MemberCaller,
  input: NewUserInput & { type: UserType },
  grants: Grants & { unitId: string },
  rootUnitId: string,
): Promise<User> {
  const actor = actorOf(caller);
  return withStableTree(async () => {
    const placement = await placementFor(deps, caller, grants, rootUnitId);
    const now = deps.clock.now().toISOString();
    const user = newMemberRecord(deps.ids.next(), caller, input, placement, 'active', now);
    const event = memberCreated(deps, actor, user, { type: user.type });
    const device = input.extension ? newDevice(deps, caller, user, { extension: input.extension }, now) : undefined;
    await placing(deps, caller, () => deps.users.createWithoutSignIn({ user, event, ...(device ? { device } : {}) }));
    return user;
  });
}

/**
 * Account managers page through everyone by username; an admin through the members of their scope (by unit path,
 * one scope root after another), whatever their capabilities; others may not list.
 */
export async function listUsers(
  deps: { users: UserListings } & AccessDeps,
  caller: MemberCaller,
  query: { status?: UserStatus; type?: UserType; hideSystemUsers?: boolean; limit?: number; cursor?: string },
): Promise<Page<User>> {
  assertMayBrowse(caller);
  if (query.hideSystemUsers && query.type && query.type !== 'person')
    throw new ValidationError([{ path: 'type', message: 'hideSystemUsers lists persons only: drop one of the two' }]);
  const type = query.hideSystemUsers ? 'person' : query.type;
  const filter = { status: query.status, ...(type ? { type } : {}) };
  const page = { limit: query.limit ?? 50, cursor: query.cursor };
  if (isAccountManager(caller)) return deps.users.list(caller.membership.accountId, filter, page);
  const roots = scopeRoots(scopePaths(caller, await readFacts(deps, caller, {})));
  if (roots.length === 0) return { items: [], nextCursor: null };
  return deps.users.list(caller.membership.accountId, { ...filter, underPaths: roots }, page);
}

/** The path's member as the authorization read brought it along; read again only when it did not (another route's caller). */
const pathMemberOf = (caller: MemberCaller, userId: string): User | null | undefined =>
  caller.pathMember?.userId === userId ? caller.pathMember.user : undefined;

/**
 * The member and the facts the policy needs about them. `prefetched`: reads, and a write's first attempt (deactivate,
 * reactivate: its write is conditional on the member's version, and a retry after a lost race reads afresh), may take
 * the member the authorization read brought along.
 */
export async function memberWithFacts(
  deps: { users: UserReads } & AccessDeps,
  caller: MemberCaller,
  userId: string,
  need: { unitIds?: (string | undefined)[]; settings?: boolean; prefetched?: boolean } = {},
): Promise<{ user: User; facts: Facts }> {
  const known = need.prefetched ? pathMemberOf(caller, userId) : undefined;
  const user = known !== undefined ? known : await deps.users.get(caller.membership.accountId, userId);
  if (!user) throw new NotFoundError('No such user in this account');
  const facts = await readFacts(deps, caller, {
    target: user,
    unitIds: [...(need.unitIds ?? []), ...(need.settings ? [user.unitId] : [])],
    settingsOf: need.settings ? pathIds(user.unitPath) : [],
  });
  return { user, facts };
}

/**
 * A member's effective settings (account → units of their path → their own layer), from the settings layers `facts`
 * read with them: a member whose unit moved since their copy of its path was written costs one read more.
 */
export async function memberSettings(
  deps: { accounts: AccountReads } & AccessDeps,
  caller: MemberCaller,
  user: User,
  facts: Facts,
): Promise<{ account: Account; effective: EffectiveSettings }> {
  let layers = facts.unitSettings;
  let path = pathIds(user.unitPath);
  const unit = facts.units.get(user.unitId);
  if (unit && unit.path !== user.unitPath) {
    path = pathIds(unit.path);
    layers = (await readFacts(deps, caller, { settingsOf: path })).unitSettings;
  }
  const account = await getAccount(deps, caller);
  const effective = resolveSettings({
    account: accountSettings(account.settings, account.mfaRequired),
    units: path.map((id) => ({ unitId: id, overrides: layers.get(id)?.overrides ?? {} })),
    user: user.settings,
  });
  return { account, effective };
}

/** A member the caller may read (404 for another account's id, then 403). */
export async function readableMember(
  deps: { users: UserReads } & AccessDeps,
  caller: MemberCaller,
  userId: string,
): Promise<User> {
  const { user, facts } = await memberWithFacts(deps, caller, userId);
  assertMayRead(caller, user, facts);
  return user;
}

/**
 * A member the caller may manage (404, then 403): for the lifecycle and credential operations. `prefetched`: the
 * member the authorization read with the caller (routes with `readsPathMember`), for a first attempt; a retry after a
 * lost version race reads again.
 */
export async function manageableMember(
  deps: { users: UserReads } & AccessDeps,
  caller: MemberCaller,
  userId: string,
  options: { prefetched?: boolean } = {},
): Promise<User> {
  const { user, facts } = await memberWithFacts(deps, caller, userId, { prefetched: options.prefetched });
  assertMayManage(caller, user, facts);
  await assertMayManageTheirDelegations(deps, caller, user);
  return user;
}

export interface UserView {
  user: User;
  effectiveSettings: EffectiveSettings;
  effectivePermissions: EffectivePermissions;
  /** The caller may see the managers' notes about this member. */
  notesVisible: boolean;
  /** What `?include=` asked for of the member's item collection. */
  items?: {
    services?: { service: Service; effectiveSettings: unknown }[];
    numbers?: PhoneNumber[];
    devices?: Device[];
    groups?: GroupMembership[];
  };
}

/**
 * Whether the caller may see the managers' notes about `user` (`maySeeNotes`), for the responses of writes: account
 * managers from the membership alone; an admin's scope costs one read, and only when there are notes to show.
 */
export async function notesShown(deps: AccessDeps, caller: MemberCaller, user: User): Promise<boolean> {
  if (isAccountManager(caller)) return true;
  if (!isAdmin(caller) || caller.membership.userId === user.id || !user.notes) return false;
  return maySeeNotes(caller, user, await readFacts(deps, caller, { unitIds: [user.unitId] }));
}

/** In a listing, which only account managers and admins (their scope) see: every row but the caller's own. */
export const notesListed = (caller: MemberCaller, user: User): boolean =>
  isAccountManager(caller) || (isAdmin(caller) && caller.membership.userId !== user.id);

/**
 * A member with their effective settings and permissions: the user, then ONE BatchGetItem with everything the
 * decision and the settings need (the layers of the member's unit path; a copy behind a move costs one read more).
 */
export async function getUser(
  deps: { users: UserReads; accounts: AccountReads } & AccessDeps & { memberItems?: MemberItemsStore },
  caller: MemberCaller,
  userId: string,
  include: readonly UserInclude[] = [],
): Promise<UserView> {
  // the member's item collection is read beside the settings read (one Query); dropped if the caller may not read
  const [{ user, facts }, items] = await Promise.all([
    memberWithFacts(deps, caller, userId, { settings: true, prefetched: true }),
    include.length && deps.memberItems
      ? deps.memberItems.read(caller.membership.accountId, userId)
      : Promise.resolve(undefined),
  ]);
  assertMayRead(caller, user, facts);
  const { effective: effectiveSettings } = await memberSettings(deps, caller, user, facts);
  return {
    user,
    effectiveSettings,
    effectivePermissions: effectivePermissions(
      user,
      effectiveSettings.allowedModules.value,
      effectiveSettings.mfaRequired.value,
    ),
    notesVisible: maySeeNotes(caller, user, facts),
    ...(items ? { items: includedItems(items, include, effectiveSettings) } : {}),
  };
}

/** The lists asked for; each service with its effective settings over the member's chain, as its own route shows. */
function includedItems(items: MemberItems, include: readonly UserInclude[], effective: EffectiveSettings) {
  const has = (k: UserInclude) => include.includes(k);
  return {
    ...(has('services')
      ? {
          services: items.services.map((service) => ({
            service,
            effectiveSettings: effectiveServiceSettings(service.type, effective, service.settings),
          })),
        }
      : {}),
    ...(has('numbers') ? { numbers: items.numbers } : {}),
    ...(has('devices') ? { devices: items.devices } : {}),
    ...(has('groups') ? { groups: items.groups } : {}),
  };
}

/** The grants after a patch. Leaving the admin role drops the scope and the admin modules unless the patch names them. */
function patchedGrants(current: User, patch: UserPatch): Grants & { unitId: string } {
  const role = patch.role ?? current.role;
  const demoted = role !== current.role;
  return {
    role,
    unitId: patch.unitId ?? current.unitId,
    adminUnitIds: patch.adminUnitIds ?? (role === 'admin' ? current.adminUnitIds : []),
    capabilities: { ...current.capabilities, ...patch.capabilities },
    modules:
      patch.modules ??
      (demoted && role === 'user' ? current.modules.filter((m) => !adminOnly([m]).length) : current.modules),
  };
}

/** PATCH …/users/{userId}; a changed backup email is then told to the member's primary email. */
export async function updateUser(
  deps: Pick<Deps, 'mailer' | 'translators' | 'settings' | 'clock' | 'ids'> & {
    users: UserEdits;
    accounts: AccountReads;
  } & AccessDeps & { units?: MoveRepairStore },
  caller: MemberCaller,
  userId: string,
  patch: UserPatch & { settings?: SettingsPatch; scim?: ScimConnectionPatch },
  ifMatch?: number,
): Promise<User> {
  let before: User | null = null;
  const after = await retryWithoutIfMatch(ifMatch, () =>
    withStableTree(async () => {
      const { user: current, facts } = await memberWithFacts(deps, caller, userId, {
        unitIds: [patch.unitId, ...(patch.adminUnitIds ?? []), patch.scim?.unitId ?? undefined],
      });
      assertMayManage(caller, current, facts);
      await assertMayManageTheirDelegations(deps, caller, current);
      assertIfMatch(ifMatch, current.version);
      if (current.status === 'closed') throw new ConflictError('A closed member cannot be edited');
      const { settings: settingsPatch, scim: scimPatch, ...fields } = patch;
      if (settingsPatch) assertMaySetSettings(caller, settingsPatch);
      if (scimPatch) {
        assertMaySetScimConnection(isAccountManager(caller), current);
        if (scimPatch.unitId) unitNamed(facts, scimPatch.unitId);
      }
      if (fields.notes !== undefined && !maySeeNotes(caller, current, facts))
        throw new ForbiddenError('Only account managers and the admins of this member may write notes about them');
      const grants = patchedGrants(current, fields);
      assertGrantsFitType(current.type, grants);
      if (scimPatch?.unitId) {
        // the system user's admin units (an account manager's facts hold only the units the request names)
        const missing = grants.adminUnitIds.filter((id) => !facts.units.has(id));
        const more = missing.length ? (await readFacts(deps, caller, { unitIds: missing })).units : null;
        const pathOf = (id: string) => (facts.units.get(id) ?? more?.get(id))?.path;
        assertScimUnitInScope(grants, pathOf, scimPatch.unitId);
      }
      const moved = grants.unitId !== current.unitId;
      const unit = moved ? unitNamed(facts, grants.unitId) : null;
      for (const id of fields.adminUnitIds ?? []) unitNamed(facts, id);
      assertMayGrant(caller, facts, current.id, current, grants);
      // a member's own mfaRequired goes with them; otherwise the rule of the place they leave must hold where they land
      if (unit && !isAccountManager(caller) && current.settings.mfaRequired === undefined) {
        await assertMoveKeepsMfa(
          deps,
          caller,
          pathIds(facts.units.get(current.unitId)?.path ?? ''),
          pathIds(unit.path),
        );
      }

      // a restricting setting narrows what the member's unit path allows (where they land, when moved): one read more
      if (settingsPatch?.allowedModules) {
        const place = unit ?? facts.units.get(current.unitId);
        await assertWithinMembersLevelsAbove(deps, caller, settingsPatch, pathIds(place?.path ?? current.unitPath));
      }

      const at = deps.clock.now().toISOString();
      const settings = settingsPatch
        ? applySettingsPatch(current.settings, settingsPatch)
        : { next: current.settings, changed: [] };
      assertMayRequireMfa(caller, current.settings.mfaRequired, settings.next.mfaRequired);
      const next: User = {
        ...current,
        ...profileOf(fields),
        ...grants,
        unitPath: unit ? unit.path : current.unitPath,
        settings: settings.next,
        ...(scimPatch ? { scim: patchedScimConnection(current, scimPatch) } : {}),
        updatedAt: at,
        version: current.version + 1,
      };
      const actor = actorOf(caller);
      const changed = changedFields(current, next).concat(settings.changed.map((c) => `settings.${c}`));
      const event = (type: string, details: Record<string, unknown>) =>
        auditEvent(deps.ids, {
          accountId: current.accountId,
          type,
          at,
          actor,
          target: { userId },
          unitPath: next.unitPath,
          details,
        });
      const events = [event('user.updated', { changed })];
      if (next.role !== current.role) events.push(event('user.role_changed', { from: current.role, to: next.role }));
      if (moved) events.push(event('user.moved', { fromUnitId: current.unitId, toUnitId: next.unitId }));
      // demoting the last active account manager is refused (409 last_account_manager), atomically with the write
      const write = () =>
        deps.users.update(next, current.version, events, {
          activeManagersDelta: activeManagersDelta(current, next),
          mfaOverrideDelta: mfaOverrideDelta(current.settings, next.settings),
          ...(moved ? { movedFrom: current.unitId } : {}),
        });
      await (moved ? placing(deps, caller, write) : write());
      before = current;
      return next;
    }),
  );
  if (before) await noticeBackupEmailChange(deps, caller, before, after);
  return after;
}

/** The member's levels above (the account, every unit on their path) allow what the patch names: 409 otherwise. */
async function assertWithinMembersLevelsAbove(
  deps: Partial<{ accounts: AccountReads }> & AccessDeps,
  caller: MemberCaller,
  patch: SettingsPatch,
  path: string[],
): Promise<void> {
  const account = caller.account ?? (await deps.accounts?.get(caller.membership.accountId));
  if (!account) throw new NotFoundError();
  const { unitSettings } = await readFacts(deps, caller, { settingsOf: path });
  const above = resolveSettings({
    account: accountSettings(account.settings, account.mfaRequired),
    units: path.map((id) => ({ unitId: id, overrides: unitSettings.get(id)?.overrides ?? {} })),
  });
  assertWithinLevelsAbove(patch, above);
}

const profileKeys = [
  'firstName',
  'lastName',
  'backupEmail',
  'countryCode',
  'language',
  'friendlyName',
  'notes',
] as const;
const profileOf = (patch: UserPatch) =>
  Object.fromEntries(profileKeys.filter((k) => patch[k] !== undefined).map((k) => [k, patch[k]]));
const grantKeys = ['role', 'unitId', 'adminUnitIds', 'capabilities', 'modules'] as const;
const changedFields = (a: User, b: User): string[] => [
  ...[...profileKeys, ...grantKeys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])),
  ...scimChanges(a, b),
];
/** A SCIM connection's changed fields, as `scim.<field>` (the defaults stand in for one never set). */
const scimChanges = (a: User, b: User): string[] => {
  if (!b.scim) return [];
  const before = scimConnectionOf(a) ?? DEFAULT_SCIM_CONNECTION;
  return (Object.keys(b.scim) as (keyof ScimConnection)[])
    .filter((k) => before[k] !== b.scim?.[k])
    .map((k) => `scim.${k}`);
};

/**
 * The members of a unit, or of its whole subtree: one read for the unit (with the caller's scope), then one Query
 * per page however deep the tree — a subtree is one key prefix of the members-by-path index.
 */
export async function listUnitUsers(
  deps: { users: UserListings } & AccessDeps,
  caller: MemberCaller,
  unitId: string,
  query: { includeDescendants?: boolean; limit?: number; cursor?: string },
): Promise<Page<User>> {
  assertMayBrowse(caller);
  const facts = await readFacts(deps, caller, { unitIds: [unitId] });
  const unit = unitNamed(facts, unitId);
  assertUnitInReach(caller, facts, unitId);
  return deps.users.listUnder(caller.membership.accountId, unit.path, query.includeDescendants ?? false, {
    limit: query.limit ?? 50,
    cursor: query.cursor,
  });
}
