/**
 * The members of SCIM groups: which a connection sees (the people it manages), which a request may name (the same:
 * anything else is 400 invalidValue, checked before anything is written), and what a member plan changes.
 */
import { accessTo } from '#domain/authorization.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { type AuditEvent, auditEvent } from '#domain/audit.ts';
import type { Group } from '#domain/group.ts';
import { ScimError, scimBadRequest } from '#domain/scim/errors.ts';
import type { MemberPlan, ScimGroupMember } from '#domain/scim/group-resource.ts';
import { isPerson, type User } from '#domain/user.ts';
import type { GroupChange, ScimGroupReads, ScimGroupStore } from '#ports/scim-groups.ts';
import { readFacts, type AccessDeps } from './access.ts';
import type { Deps, UserReads } from './deps.ts';

export interface ScimGroupDeps extends AccessDeps, Pick<Deps, 'clock' | 'ids'> {
  groups: ScimGroupReads;
  scimGroups: ScimGroupStore;
  users: Pick<UserReads, 'getMany'>;
}

/** A group and, when they were asked for, the members the caller manages (by username). */
export interface ScimGroupView {
  group: Group;
  members?: ScimGroupMember[];
}

/** At most this many member values per request (RFC 7644 leaves it to the service; the issue's figure). */
export const MAX_MEMBER_VALUES = 1000;
/** Ids are ULIDs; anything longer names nobody (and is never used in a key). */
export const MAX_ID_LENGTH = 64;

const displayOf = (u: User): string => `${u.firstName} ${u.lastName}`.trim() || u.username;
const byUsername = (a: User, b: User) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0);
export const asMembers = (users: User[]): ScimGroupMember[] =>
  [...users].sort(byUsername).map((u) => ({ id: u.id, display: displayOf(u) }));

/** Which of these users the caller manages and are people (SCIM's Users): one authorization read for them all. */
export async function manageable(deps: ScimGroupDeps, caller: MemberCaller, users: User[]): Promise<Set<string>> {
  const candidates = users.filter((u) => isPerson(u) && u.status !== 'closed');
  if (candidates.length === 0) return new Set();
  const facts = await readFacts(deps, caller, {
    unitIds: candidates.flatMap((u) => [u.unitId, ...u.adminUnitIds]),
  });
  return new Set(candidates.filter((u) => accessTo(caller, u, facts) === 'manage').map((u) => u.id));
}

/** The members of these groups the caller manages: one Query per group, one read of the users, one of scope. */
async function membersOf(deps: ScimGroupDeps, caller: MemberCaller, groups: Group[]) {
  const accountId = caller.membership.accountId;
  const lists = await Promise.all(
    groups.map((g) => (g.memberCount > 0 ? deps.scimGroups.members(accountId, g.id) : Promise.resolve([]))),
  );
  const ids = [...new Set(lists.flat().map((m) => m.userId))];
  const users = ids.length ? await deps.users.getMany(ids.map((userId) => ({ accountId, userId }))) : [];
  const shown = await manageable(deps, caller, users);
  const byId = new Map(users.filter((u) => shown.has(u.id)).map((u) => [u.id, u]));
  return lists.map((list) => asMembers(list.flatMap((m) => byId.get(m.userId) ?? [])));
}

export async function views(deps: ScimGroupDeps, caller: MemberCaller, groups: Group[], withMembers: boolean) {
  if (!withMembers) return groups.map((group) => ({ group }));
  const members = await membersOf(deps, caller, groups);
  return groups.map((group, i) => ({ group, members: members[i] }));
}

const refused = (ids: string[], why: string) =>
  scimBadRequest(
    'invalidValue',
    `${why}: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`,
  );

/**
 * The members a request names, read and checked at once: every one to add must be a person the caller manages
 * (not closed); every one to remove too, except closed members (they are in no group: removing them does nothing).
 */
export async function namedMembers(
  deps: ScimGroupDeps,
  caller: MemberCaller,
  toAdd: string[],
  toRemove: string[],
): Promise<{ add: User[]; remove: User[] }> {
  const accountId = caller.membership.accountId;
  const all = [...new Set([...toAdd, ...toRemove])];
  if (all.length > MAX_MEMBER_VALUES)
    throw new ScimError(400, 'tooMany', `At most ${MAX_MEMBER_VALUES} member values per request`);
  const wellFormed = all.filter((id) => id.length <= MAX_ID_LENGTH);
  const users = wellFormed.length
    ? await deps.users.getMany(
        wellFormed.map((userId) => ({ accountId, userId })),
        { consistent: true },
      )
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const closed = (id: string) => byId.get(id)?.status === 'closed';
  const ok = await manageable(deps, caller, users);
  const unknown = [...toAdd, ...toRemove.filter((id) => !closed(id))].filter((id) => !ok.has(id));
  if (unknown.length) throw refused([...new Set(unknown)], 'No such user, or not one this connection manages');
  return {
    add: toAdd.map((id) => byId.get(id)!),
    remove: toRemove.filter((id) => !closed(id)).map((id) => byId.get(id)!),
  };
}

/** Members to add and to take out so that the plan holds, and the managed members the group has afterwards. */
export async function memberChanges(deps: ScimGroupDeps, caller: MemberCaller, group: Group, plan: MemberPlan) {
  const accountId = caller.membership.accountId;
  if (plan.kind === 'delta') {
    const named = await namedMembers(deps, caller, plan.add, plan.remove);
    const present = new Set(
      await deps.scimGroups.membersAmong(accountId, group.id, [...plan.add, ...named.remove.map((u) => u.id)]),
    );
    return {
      add: named.add.filter((u) => !present.has(u.id)),
      remove: named.remove.filter((u) => present.has(u.id)),
    };
  }
  const [named, current] = await Promise.all([
    namedMembers(deps, caller, plan.members, []),
    group.memberCount > 0 ? deps.scimGroups.members(accountId, group.id) : Promise.resolve([]),
  ]);
  const wanted = new Set(plan.members);
  const currentIds = current.map((m) => m.userId);
  // members the request names were read and found manageable already: only the others are read (and judged) here
  const namedIds = new Set(named.add.map((u) => u.id));
  const others = currentIds.filter((userId) => !namedIds.has(userId));
  const users = others.length ? await deps.users.getMany(others.map((userId) => ({ accountId, userId }))) : [];
  const managed = await manageable(deps, caller, users);
  const inGroup = new Set(currentIds);
  return {
    add: named.add.filter((u) => !inGroup.has(u.id)),
    remove: users.filter((u) => managed.has(u.id) && !wanted.has(u.id)),
    after: named.add,
    hidden: users.filter((u) => !managed.has(u.id) && u.status !== 'closed').length,
  };
}

export type MemberChanges = Awaited<ReturnType<typeof memberChanges>>;

/** The memberships to write and take out, each with its event (`group.member_added` / `_removed`, actor the caller). */
export function memberWrites(
  deps: Pick<ScimGroupDeps, 'ids'>,
  caller: MemberCaller,
  groupId: string,
  at: string,
  changes: { add: User[]; remove: User[] },
): Pick<GroupChange, 'add' | 'remove'> {
  const accountId = caller.membership.accountId;
  const actor = actorOf(caller);
  const event = (type: string, user: User): AuditEvent =>
    auditEvent(deps.ids, {
      accountId,
      type,
      at,
      actor,
      target: { userId: user.id },
      unitPath: user.unitPath,
      details: { groupId },
    });
  return {
    add: changes.add.map((u) => ({
      membership: { accountId, groupId, userId: u.id, username: u.username, addedAt: at },
      event: event('group.member_added', u),
    })),
    remove: changes.remove.map((u) => ({ userId: u.id, event: event('group.member_removed', u) })),
  };
}
