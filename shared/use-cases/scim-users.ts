/**
 * SCIM /Users: an identity provider provisioning the account's persons, acting as the system user whose API key it
 * holds. It sees and changes only persons (not closed) that system user may manage; everyone else is 404 and absent
 * from lists. It never changes roles, grants or units of existing members, and never creates units.
 */
import { accessTo, unitInReach, type AccessFacts } from '#domain/authorization.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { auditEvent } from '#domain/audit.ts';
import { assertIfMatch, ForbiddenError, NotFoundError } from '#domain/errors.ts';
import type { IdentityAccess } from '#domain/identity.ts';
import type { Invitation } from '#domain/invitation.ts';
import { DAILY_INVITATION_LIMIT, mailedAfterCommit, quotaDay, revoked } from '#domain/invitation-rules.ts';
import { activeManagersDelta, lifecycleEvents, reactivatedStatus } from '#domain/lifecycle.ts';
import type { ScimConnection } from '#domain/scim/connection.ts';
import { ScimError } from '#domain/scim/errors.ts';
import { applyPatch, parsePatch } from '#domain/scim/patch.ts';
import {
  fromScimUser,
  handleCandidates,
  isScimActive,
  ScimHandleTakenError,
  scimUserName,
  toScimUser,
  type ScimUserInput,
} from '#domain/scim/user-resource.ts';
import { isPerson, type User, type UserStatus } from '#domain/user.ts';
import type { ScimUserStore } from '#ports/scim-users.ts';
import type { MoveRepairStore } from '#ports/units.ts';
import { assertMayManageTheirDelegations, readFacts, type AccessDeps } from './access.ts';
import { getAccount } from './accounts.ts';
import type { AccountReads, Deps, UserEdits, UserReads } from './deps.ts';
import { accessOf, closeUser, markFor, shutSignInUnlessActiveElsewhere } from './lifecycle.ts';
import { retryWithoutIfMatch, withStableTree } from './retries.ts';
import { newSetupLink, sendSetupMail } from './setup-link.ts';
import { memberCreated, memberWithFacts, newMemberRecord, placementFor, placing, requestedGrants } from './users.ts';

/** A system user calling through its SCIM connection (the HTTP layer's ScimCaller is one). */
export type ScimActor = MemberCaller & { via: 'scim'; scim: ScimConnection };

/** One `eq` term of a filter (the HTTP layer parses the text; `where`: `emails[type eq "work"].value`). */
export interface ScimUserFilterTerm {
  attribute: string;
  value: string | boolean;
  where?: { attribute: string; value: string };
}

/** The attributes a /Users filter may name. */
export const SCIM_USER_FILTER_ATTRIBUTES = ['userName', 'externalId', 'id', 'emails.value', 'active'] as const;

export type ScimUsersDeps = Pick<Deps, 'clock' | 'ids' | 'settings' | 'mailer' | 'translators'> &
  AccessDeps & {
    users: UserEdits;
    scimUsers: ScimUserStore;
    accounts: AccountReads;
    units: MoveRepairStore;
    invitations: Pick<Deps['invitations'], 'setDelivery'>;
  };
/** What changing a member's status needs besides: their sign-in's state and the identity provider's admin calls. */
export type ScimWriteDeps = ScimUsersDeps & Pick<Deps, 'identities' | 'signIns'>;
export type ScimDeleteDeps = Pick<Deps, 'identities' | 'lifecycle' | 'signIns' | 'clock' | 'ids' | 'access'> & {
  users: UserEdits;
};

/** Closing through SCIM checks no password (closeUser skips it for `via: 'scim'`): no sign-in adapter is bundled. */
const noPasswordCheck = { verifyPassword: async () => false };

/** A person, not closed, whom the caller may manage: what SCIM shows. */
const visible = (caller: MemberCaller, user: User, facts: AccessFacts): boolean =>
  isPerson(user) && user.status !== 'closed' && accessTo(caller, user, facts) === 'manage';

const noSuchUser = () => new NotFoundError('No such user');

/** GET /Users/{id}: the member, or 404 when the caller may not see them through SCIM. */
export async function scimGetUser(
  deps: { users: UserReads } & AccessDeps,
  caller: MemberCaller,
  userId: string,
): Promise<User> {
  const { user, facts } = await memberWithFacts(deps, caller, userId, { prefetched: true });
  if (!visible(caller, user, facts)) throw noSuchUser();
  return user;
}

/** A member the caller may change through SCIM (404 otherwise; their delegations checked as for any manager). */
async function changeableMember(
  deps: { users: UserReads } & AccessDeps,
  caller: MemberCaller,
  userId: string,
  attempt: number,
): Promise<User> {
  // a first attempt takes the member the key's read brought; its write is conditional on the version it read
  const { user, facts } = await memberWithFacts(deps, caller, userId, { prefetched: attempt === 1 });
  if (!visible(caller, user, facts)) throw noSuchUser();
  try {
    await assertMayManageTheirDelegations(deps, caller, user);
  } catch (error) {
    if (error instanceof ForbiddenError) throw noSuchUser();
    throw error;
  }
  return user;
}

/** Whether a member matches one filter term (userName and emails case-insensitively, externalId exactly). */
function matches(user: User, term: ScimUserFilterTerm): boolean {
  const text = String(term.value);
  switch (term.attribute) {
    case 'id':
      return user.id === text;
    case 'userName':
      return scimUserName(user).toLowerCase() === text.toLowerCase();
    case 'externalId':
      return user.scimProfile?.externalId === text;
    case 'emails.value':
      // the one email is returned as the work email
      if (term.where && (term.where.attribute !== 'type' || term.where.value.toLowerCase() !== 'work')) return false;
      return user.email === text.toLowerCase();
    case 'active':
      return isScimActive(user) === (typeof term.value === 'boolean' ? term.value : text.toLowerCase() === 'true');
    default:
      throw new ScimError(400, 'invalidFilter', `Filtering on ${term.attribute} is not supported`);
  }
}

/** The statuses a listing reads: `active eq true` is invited and active, `active eq false` deactivated. */
function statusesFor(terms: ScimUserFilterTerm[]): UserStatus[] {
  const active = terms.find((t) => t.attribute === 'active');
  if (!active) return ['invited', 'active', 'deactivated'];
  const wanted = typeof active.value === 'boolean' ? active.value : String(active.value).toLowerCase() === 'true';
  return wanted ? ['invited', 'active'] : ['deactivated'];
}

/** The one member a key term names (id, userName, externalId, email), found through its claim; null: nobody. */
async function memberNamedBy(
  deps: { users: Pick<UserEdits, 'get'>; scimUsers: ScimUserStore },
  accountId: string,
  term: ScimUserFilterTerm,
): Promise<User | null> {
  const value = String(term.value);
  const userId =
    term.attribute === 'id'
      ? value
      : term.attribute === 'userName'
        ? await deps.scimUsers.findByUserName(accountId, value)
        : term.attribute === 'externalId'
          ? await deps.scimUsers.findByExternalId(accountId, value)
          : await deps.scimUsers.findByEmail(accountId, value.toLowerCase());
  return userId ? deps.users.get(accountId, userId) : null;
}

const KEY_TERMS = ['id', 'userName', 'externalId', 'emails.value'];

/**
 * GET /Users: the persons the caller may manage that match every term, by username, with their exact count. A term
 * on id, userName, externalId or email reads that one member through its claim; otherwise every person of the
 * statuses asked for is read (the status index, Queries only) and the caller's reach decided on them in one read of
 * their units.
 */
export async function scimListUsers(
  deps: { users: Pick<UserEdits, 'get'>; scimUsers: ScimUserStore } & AccessDeps,
  caller: MemberCaller,
  query: { filter: ScimUserFilterTerm[]; startIndex: number; count: number },
): Promise<{ users: User[]; totalResults: number }> {
  const accountId = caller.membership.accountId;
  const key = query.filter.find((t) => KEY_TERMS.includes(t.attribute));
  const candidates = key
    ? [await memberNamedBy(deps, accountId, key)].filter((u): u is User => u !== null)
    : await deps.scimUsers.listPersons(accountId, statusesFor(query.filter));
  const matching = candidates.filter((u) => query.filter.every((t) => matches(u, t)));
  const unitIds = [...new Set(matching.flatMap((u) => [u.unitId, ...(u.role === 'admin' ? u.adminUnitIds : [])]))];
  const facts = matching.length ? await readFacts(deps, caller, { unitIds }) : null;
  const listed = facts ? matching.filter((u) => visible(caller, u, facts)) : [];
  const from = Math.max(1, query.startIndex) - 1;
  return { users: listed.slice(from, from + Math.max(0, query.count)), totalResults: listed.length };
}

/**
 * The unit a new member goes to: with `unitFromDepartment`, an in-scope unit named like the department (any case;
 * the first by path when several); else the connection's unit; else (undefined) the system user's first admin unit,
 * else the root (`requestedGrants`).
 */
async function preferredUnit(deps: ScimUsersDeps, caller: ScimActor, department?: string): Promise<string | undefined> {
  if (caller.scim.unitFromDepartment && department) {
    const { units } = await deps.units.snapshot(caller.membership.accountId);
    const facts = { units: new Map(units.map((u) => [u.id, u])) };
    const wanted = department.toLowerCase();
    const named = units
      .filter((u) => u.name.toLowerCase() === wanted && unitInReach(caller, facts, u.id))
      .sort((a, b) => a.path.localeCompare(b.path));
    if (named[0]) return named[0].id;
  }
  return caller.scim.unitId ?? undefined;
}

/** POST /Users: a new person, invited (deactivated with `active: false`), role user, placed per the connection. */
export async function scimCreateUser(deps: ScimUsersDeps, caller: ScimActor, body: unknown): Promise<User> {
  const input = fromScimUser(body);
  const account = await getAccount(deps, caller);
  const root = account.rootUnitId ?? '';
  const status = input.active === false ? 'deactivated' : 'invited';
  // a deactivated member's link does not work, so it is not mailed (a manager sends it once they are reactivated)
  const mail = caller.scim.sendInvitations && status === 'invited';
  const actor = actorOf(caller);
  const preferred = await preferredUnit(deps, caller, input.profile.department);
  const { user, invitation, token } = await withStableTree(async () => {
    let placement: Awaited<ReturnType<typeof placementFor>>;
    try {
      placement = await placementFor(deps, caller, requestedGrants(caller, root, { unitId: preferred }), root);
    } catch (error) {
      // the connection's unit was deleted or left the system user's scope: the default place
      if (preferred === undefined || !(error instanceof NotFoundError || error instanceof ForbiddenError)) throw error;
      placement = await placementFor(deps, caller, requestedGrants(caller, root, {}), root);
    }
    for (const handle of handleCandidates(input.userName)) {
      const at = deps.clock.now();
      const now = at.toISOString();
      const fields = { type: 'person' as const, username: handle, email: input.email, ...names(input) };
      const user: User = {
        ...newMemberRecord(deps.ids.next(), caller, fields, placement, 'invited', now),
        status,
        scimProfile: input.profile,
      };
      const issued = newSetupLink(deps, user, actor, at);
      const link = mail ? mailedAfterCommit(issued) : issued;
      const event = memberCreated(deps, actor, user, {
        email: user.email,
        ...(status === 'invited' ? {} : { status }),
      });
      const day = quotaDay(at);
      const quota = mail ? { day: day.day, limit: DAILY_INVITATION_LIMIT, endsAt: day.endsAt } : undefined;
      try {
        await placing(deps, caller, () => deps.scimUsers.create({ user, invitation: link.invitation, event, quota }));
        return { user, ...link };
      } catch (error) {
        if (!(error instanceof ScimHandleTakenError)) throw error;
      }
    }
    throw new ScimError(409, 'uniqueness', `No free username could be derived from "${input.userName}"`);
  });
  if (mail) await sendSetupMail(deps, account, user, invitation, token);
  return user;
}

const names = (input: ScimUserInput) => ({ firstName: input.firstName, lastName: input.lastName });

/** The status a change asks for: `active: false` deactivates, `true` reactivates, absent keeps it. */
function statusAfter(current: User, active: boolean | undefined): UserStatus {
  if (active === undefined) return current.status;
  if (!active) return 'deactivated';
  return current.status === 'deactivated' ? reactivatedStatus(current) : current.status;
}

const changedFields = (a: User, b: User): string[] =>
  (['firstName', 'lastName', 'email', 'scimProfile'] as const).filter(
    (k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );

/** Whether a member is a plain user: role user, no admin units, no capabilities. */
const isPlainUser = (user: User): boolean =>
  user.role === 'user' && user.adminUnitIds.length === 0 && !Object.values(user.capabilities).some(Boolean);

/**
 * Whether SCIM may give a member another email: only a plain user (no grants) who has never signed in. A sign-in's
 * email is the person's across accounts (Cognito, their identity); and moving a pending admin's or account manager's
 * address would hand their onboarding (a sign-in with those grants) to whoever controls the new address.
 */
function assertEmailMovable(current: User): void {
  if (current.identityId || !isPerson(current))
    throw new ScimError(
      400,
      'mutability',
      'emails: the email of a member who has set up their sign-in cannot be changed through SCIM',
    );
  if (!isPlainUser(current))
    throw new ScimError(
      400,
      'mutability',
      'emails: the email of a member holding a role or grants beyond a plain user cannot be changed through SCIM',
    );
}

/**
 * A PUT or PATCH: the member (read afresh on each try) changed as `change` says, in one transaction with the SCIM
 * claims it moves and, when the status changes, the membership record (a deactivation revokes every token issued
 * before now). Nothing changed: no write. Cognito follows a status change after the commit (as deactivateUser does).
 */
async function scimChange(
  deps: ScimWriteDeps,
  caller: ScimActor,
  userId: string,
  ifMatch: number | undefined,
  change: (current: User) => ScimUserInput | null,
): Promise<User> {
  let from: UserStatus | undefined;
  let mail: { invitation: Invitation; token: string } | undefined;
  // the identity's memberships, when the deactivation read them: the sign-in converges on that read, not a second one
  let access: IdentityAccess | null | undefined;
  const user = await retryWithoutIfMatch(ifMatch, async (attempt) => {
    mail = undefined;
    access = undefined;
    const current = await changeableMember(deps, caller, userId, attempt);
    assertIfMatch(ifMatch, current.version);
    const input = change(current);
    if (!input) return current;
    const emailChanged = input.email !== current.email;
    if (emailChanged) assertEmailMovable(current);
    const status = statusAfter(current, input.active);
    const now = deps.clock.now();
    const candidate: User = { ...current, ...names(input), email: input.email, scimProfile: input.profile, status };
    const changed = changedFields(current, candidate);
    // the sign-in converges only when the request speaks of `active` (a repeat converges what failed before)
    from = input.active === undefined ? undefined : current.status;
    if (changed.length === 0 && status === current.status) return current;
    const next: User = { ...candidate, updatedAt: now.toISOString(), version: current.version + 1 };
    const event = (type: string, details?: Record<string, unknown>) =>
      auditEvent(deps.ids, {
        accountId: current.accountId,
        type,
        at: next.updatedAt,
        actor: actorOf(caller),
        target: { userId },
        unitPath: current.unitPath,
        ...(details ? { details } : {}),
      });
    const events = changed.length ? [event('user.updated', { changed })] : [];
    if (status === 'deactivated' && current.status !== 'deactivated') events.push(event(lifecycleEvents.deactivated));
    if (current.status === 'deactivated' && status !== 'deactivated') events.push(event(lifecycleEvents.reactivated));
    const deactivating = status === 'deactivated' && current.status !== 'deactivated';
    if (deactivating) access = await accessOf(deps, current);
    const link = emailChanged ? await newAddressLink(deps, caller, current, next, now) : undefined;
    await deps.scimUsers.update(
      next,
      current,
      events,
      {
        ...(deactivating && current.identityId
          ? { revokeSessionsAt: markFor(access ?? null, current.accountId, now) }
          : {}),
        activeManagersDelta: activeManagersDelta(current, next),
      },
      link?.stored,
    );
    mail = link?.mail;
    return next;
  });
  await convergeSignIn(deps, user, from, access);
  if (mail) await sendSetupMail(deps, await getAccount(deps, caller), user, mail.invitation, mail.token);
  return user;
}

/**
 * A member without a sign-in gets a new address: a new setup link for it replaces their current one (revoked, so the
 * link mailed to the old address no longer works), mailed per the connection while they are invited.
 */
async function newAddressLink(deps: ScimWriteDeps, caller: ScimActor, current: User, next: User, now: Date) {
  const issued = newSetupLink(deps, next, actorOf(caller), now);
  const mailed = caller.scim.sendInvitations && next.status === 'invited';
  const previous = await deps.scimUsers.currentLink(current);
  const open = previous && (previous.status === 'pending' || previous.status === 'expired');
  const day = quotaDay(now);
  const invitation = mailed ? mailedAfterCommit(issued).invitation : issued.invitation;
  return {
    stored: {
      next: invitation,
      revoked: open ? revoked(previous) : null,
      ...(mailed ? { quota: { day: day.day, limit: DAILY_INVITATION_LIMIT, endsAt: day.endsAt } } : {}),
    },
    mail: mailed ? { invitation, token: issued.token } : undefined,
  };
}

/** Cognito after the commit: disabled when deactivated (also on a repeat), enabled when active again. */
async function convergeSignIn(
  deps: Pick<Deps, 'identities' | 'signIns'>,
  user: User,
  from?: UserStatus,
  read?: IdentityAccess | null,
) {
  if (!user.identityId || from === undefined) return;
  if (user.status === 'deactivated') {
    // this account's own membership plays no part (otherMemberships leaves it out): the read before the write serves
    await shutSignInUnlessActiveElsewhere(deps, read ?? (await accessOf(deps, user)), user.accountId);
  } else if (from === 'deactivated' && user.status === 'active') {
    const access = await accessOf(deps, user);
    if (access?.identity) await deps.signIns.enable(access.identity.email);
  }
}

/** PUT /Users/{id}: the document replaces what SCIM stores; without `active` the status stays. */
export async function scimReplaceUser(
  deps: ScimWriteDeps,
  caller: ScimActor,
  userId: string,
  body: unknown,
  ifMatch?: number,
): Promise<User> {
  const input = fromScimUser(body);
  return scimChange(deps, caller, userId, ifMatch, () => input);
}

/** PATCH /Users/{id}: the operations, in order, on the member's SCIM document; all or nothing. No operations: a no-op. */
export async function scimPatchUser(
  deps: ScimWriteDeps,
  caller: ScimActor,
  userId: string,
  body: unknown,
  ifMatch?: number,
): Promise<User> {
  // a path-less value's `id` other than the member's own is an attempt to change it: 400 mutability
  const ops = parsePatch(body, 'User', { id: userId });
  return scimChange(deps, caller, userId, ifMatch, (current) =>
    ops.length ? fromScimUser(applyPatch(toScimUser(current, ''), ops)) : null,
  );
}

/** DELETE /Users/{id}: closes the member (no password re-entered; a stale If-Match is 412); then 404. */
export async function scimDeleteUser(
  deps: ScimDeleteDeps,
  caller: ScimActor,
  userId: string,
  ifMatch?: number,
): Promise<void> {
  // closed or out of reach: 404 (closeUser checks the member's delegations itself)
  const { user, facts } = await memberWithFacts(deps, caller, userId, { prefetched: true });
  if (!visible(caller, user, facts)) throw noSuchUser();
  assertIfMatch(ifMatch, user.version);
  await closeUser({ ...deps, idp: noPasswordCheck }, caller, userId, {});
}
