/**
 * SCIM `/Groups`: the account's groups, for a SCIM connection (a system user, an admin with manageUsers). A group
 * shows, and a request may name, only the members the caller manages that are people (SCIM's Users); an unknown or
 * out-of-scope member in a request is 400 invalidValue and nothing changes. Members it may not manage stay in the group
 * untouched (a replace of the members sets those it manages). The events are the group ones (`source: "scim"`).
 */
import { accessTo } from '#domain/authorization.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { auditEvent } from '#domain/audit.ts';
import { GroupNotEmptyError, MemberClosedError, NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import { assertMayChangeGroups, assertMaySeeGroups, type Group, groupNameKey } from '#domain/group.ts';
import { ScimError, scimBadRequest } from '#domain/scim/errors.ts';
import type { GroupPatchPlan, MemberPlan, ScimGroupInput, ScimGroupMember } from '#domain/scim/group-resource.ts';
import { isPerson, type User } from '#domain/user.ts';
import type { ScimGroupReads, ScimGroupStore } from '#ports/scim-groups.ts';
import { readFacts, type AccessDeps } from './access.ts';
import type { Deps, UserReads } from './deps.ts';
import { retrying, retryWithoutIfMatch } from './retries.ts';

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

/** One `eq` term of a filter (the HTTP layer parses them): `id`, `externalId`, `displayName`, `members.value`. */
export interface GroupFilterTerm {
  attribute: string;
  value: string | boolean;
}

/** At most this many member values per request (RFC 7644 leaves it to the service; the issue's figure). */
export const MAX_MEMBER_VALUES = 1000;
/** Ids are ULIDs; anything longer names nobody (and is never used in a key). */
const MAX_ID_LENGTH = 64;

const displayOf = (u: User): string => `${u.firstName} ${u.lastName}`.trim() || u.username;
const byUsername = (a: User, b: User) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0);
const asMembers = (users: User[]): ScimGroupMember[] =>
  [...users].sort(byUsername).map((u) => ({ id: u.id, display: displayOf(u) }));

/** Which of these users the caller manages and are people (SCIM's Users): one authorization read for them all. */
async function manageable(deps: ScimGroupDeps, caller: MemberCaller, users: User[]): Promise<Set<string>> {
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

async function views(deps: ScimGroupDeps, caller: MemberCaller, groups: Group[], withMembers: boolean) {
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
async function namedMembers(
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
async function memberChanges(deps: ScimGroupDeps, caller: MemberCaller, group: Group, plan: MemberPlan) {
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
  const users = currentIds.length ? await deps.users.getMany(currentIds.map((userId) => ({ accountId, userId }))) : [];
  const managed = await manageable(deps, caller, users);
  const inGroup = new Set(currentIds);
  return {
    add: named.add.filter((u) => !inGroup.has(u.id)),
    remove: users.filter((u) => managed.has(u.id) && !wanted.has(u.id)),
    after: named.add,
    hidden: users.filter((u) => !managed.has(u.id) && u.status !== 'closed').length,
  };
}

type MemberChanges = Awaited<ReturnType<typeof memberChanges>>;

/** Writes a plan on `current`: the group's own fields with the first transaction, the members in chunks. */
async function applyPlan(
  deps: ScimGroupDeps,
  caller: MemberCaller,
  current: Group,
  plan: GroupPatchPlan,
  known?: MemberChanges,
): Promise<{ group: Group; after?: User[] }> {
  const accountId = caller.membership.accountId;
  const now = deps.clock.now().toISOString();
  const actor = actorOf(caller);
  const name = plan.displayName ?? current.name;
  const externalId = plan.externalId !== undefined ? plan.externalId : (current.externalId ?? null);
  const changed: Record<string, unknown> = {};
  if (name !== current.name) changed.name = name;
  if (externalId !== (current.externalId ?? null)) changed.externalId = externalId;
  const group: Group = Object.keys(changed).length
    ? { ...current, name, externalId, updatedAt: now, version: current.version + 1 }
    : current;
  const members = known ?? (plan.members ? await memberChanges(deps, caller, current, plan.members) : undefined);
  const event = (type: string, user: User) =>
    auditEvent(deps.ids, {
      accountId,
      type,
      at: now,
      actor,
      target: { userId: user.id },
      unitPath: user.unitPath,
      details: { groupId: current.id },
    });
  try {
    await deps.scimGroups.write({
      accountId,
      groupId: current.id,
      record:
        group === current
          ? undefined
          : {
              kind: 'update',
              group,
              previous: current,
              event: auditEvent(deps.ids, {
                accountId,
                type: 'group.updated',
                at: now,
                actor,
                target: {},
                details: {
                  groupId: current.id,
                  changed,
                  ...(changed.name !== undefined ? { previousName: current.name } : {}),
                },
              }),
            },
      add: (members?.add ?? []).map((u) => ({
        membership: { accountId, groupId: current.id, userId: u.id, username: u.username, addedAt: now },
        event: event('group.member_added', u),
      })),
      remove: (members?.remove ?? []).map((u) => ({ userId: u.id, event: event('group.member_removed', u) })),
    });
  } catch (error) {
    if (error instanceof MemberClosedError) throw scimBadRequest('invalidValue', error.message);
    throw error;
  }
  return { group, after: members && 'after' in members ? members.after : undefined };
}

async function groupOf(deps: ScimGroupDeps, caller: MemberCaller, groupId: string): Promise<Group> {
  const group = groupId.length <= MAX_ID_LENGTH ? await deps.groups.get(caller.membership.accountId, groupId) : null;
  if (!group) throw new NotFoundError('No such group in this account');
  return group;
}

/** GET /Groups/{id}; `withMembers` false (excluded) reads no member. */
export async function scimGetGroup(
  deps: ScimGroupDeps,
  caller: MemberCaller,
  groupId: string,
  withMembers: boolean,
): Promise<ScimGroupView> {
  assertMaySeeGroups(caller);
  const [view] = await views(deps, caller, [await groupOf(deps, caller, groupId)], withMembers);
  return view;
}

const inOrder = (a: Group, b: Group) => {
  const ka = `${groupNameKey(a.name)}#${a.id}`;
  const kb = `${groupNameKey(b.name)}#${b.id}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/** The groups a filter names, before the window: each term narrows by its own key, the rest checked on the groups. */
async function filtered(deps: ScimGroupDeps, caller: MemberCaller, terms: GroupFilterTerm[]): Promise<Group[]> {
  const accountId = caller.membership.accountId;
  if (terms.some((t) => typeof t.value !== 'string')) return [];
  const value = (attribute: string) => terms.find((t) => t.attribute === attribute)?.value as string | undefined;
  const memberIds = [...new Set(terms.filter((t) => t.attribute === 'members.value').map((t) => String(t.value)))];
  // a member the caller may not see narrows to nothing (a filter never reveals who is where out of scope)
  if (memberIds.length) {
    const users = memberIds.every((id) => id.length <= MAX_ID_LENGTH)
      ? await deps.users.getMany(memberIds.map((userId) => ({ accountId, userId })))
      : [];
    const ok = await manageable(deps, caller, users);
    if (memberIds.some((id) => !ok.has(id))) return [];
  }
  const id = value('id');
  const externalId = value('externalId');
  const name = value('displayName');
  let ids: (string | null)[];
  if (id !== undefined) ids = [id.length <= MAX_ID_LENGTH ? id : null];
  else if (externalId !== undefined) ids = [await deps.scimGroups.idByExternalId(accountId, externalId)];
  else if (name !== undefined) ids = [await deps.scimGroups.idByName(accountId, name)];
  else ids = await deps.groups.groupIdsOf(accountId, memberIds[0]);
  const found = await deps.groups.getMany(
    accountId,
    ids.filter((g): g is string => g !== null),
  );
  let groups = found.filter((g) =>
    terms.every((t) => {
      if (t.attribute === 'id') return g.id === t.value;
      if (t.attribute === 'externalId') return g.externalId === t.value;
      if (t.attribute === 'displayName') return groupNameKey(g.name) === groupNameKey(String(t.value));
      return true;
    }),
  );
  for (const userId of memberIds) {
    if (groups.length === 0) break;
    const inGroups = new Set(
      await deps.groups.memberOf(
        accountId,
        userId,
        groups.map((g) => g.id),
      ),
    );
    groups = groups.filter((g) => inGroups.has(g.id));
  }
  return groups.sort(inOrder);
}

/** GET /Groups: the account's groups by name (then id), an exact total, the window asked for. */
export async function scimListGroups(
  deps: ScimGroupDeps,
  caller: MemberCaller,
  query: { filter: GroupFilterTerm[]; startIndex: number; count: number; withMembers: boolean },
): Promise<{ total: number; views: ScimGroupView[] }> {
  assertMaySeeGroups(caller);
  const { startIndex, count } = query;
  let total: number;
  let groups: Group[];
  if (query.filter.length) {
    const all = await filtered(deps, caller, query.filter);
    total = all.length;
    groups = all.slice(startIndex - 1, startIndex - 1 + count);
  } else ({ total, groups } = await deps.scimGroups.window(caller.membership.accountId, startIndex, count));
  return { total, views: await views(deps, caller, groups, query.withMembers) };
}

function newGroup(deps: ScimGroupDeps, caller: MemberCaller, input: ScimGroupInput): Group {
  const now = deps.clock.now().toISOString();
  return {
    id: deps.ids.next(),
    accountId: caller.membership.accountId,
    name: input.displayName,
    description: null,
    externalId: input.externalId,
    memberCount: 0,
    sharedItemCount: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

/** POST /Groups: the group, its claims and its first members in one transaction (more members: more, in order). */
export async function scimCreateGroup(
  deps: ScimGroupDeps,
  caller: MemberCaller,
  input: ScimGroupInput,
): Promise<ScimGroupView> {
  assertMayChangeGroups(caller);
  const { add } = await namedMembers(deps, caller, input.memberIds, []);
  const group = newGroup(deps, caller, input);
  const actor = actorOf(caller);
  const at = group.createdAt;
  const event = auditEvent(deps.ids, {
    accountId: group.accountId,
    type: 'group.created',
    at,
    actor,
    target: {},
    details: { groupId: group.id, name: group.name, ...(group.externalId ? { externalId: group.externalId } : {}) },
  });
  try {
    await deps.scimGroups.write({
      accountId: group.accountId,
      groupId: group.id,
      record: { kind: 'create', group, event },
      add: add.map((u) => ({
        membership: { accountId: group.accountId, groupId: group.id, userId: u.id, username: u.username, addedAt: at },
        event: auditEvent(deps.ids, {
          accountId: group.accountId,
          type: 'group.member_added',
          at,
          actor,
          target: { userId: u.id },
          unitPath: u.unitPath,
          details: { groupId: group.id },
        }),
      })),
      remove: [],
    });
  } catch (error) {
    if (error instanceof MemberClosedError) throw scimBadRequest('invalidValue', error.message);
    throw error;
  }
  return { group: { ...group, memberCount: add.length }, members: asMembers(add) };
}

/** PUT /Groups/{id}: name, externalId (absent: removed) and the members the caller manages (absent: none). */
export async function scimReplaceGroup(
  deps: ScimGroupDeps,
  caller: MemberCaller,
  groupId: string,
  input: ScimGroupInput,
  ifMatch?: number,
): Promise<ScimGroupView> {
  assertMayChangeGroups(caller);
  return retryWithoutIfMatch(ifMatch, async () => {
    const current = await groupOf(deps, caller, groupId);
    if (ifMatch !== undefined && ifMatch !== current.version) throw new PreconditionFailedError();
    const { group, after } = await applyPlan(deps, caller, current, {
      displayName: input.displayName,
      externalId: input.externalId,
      members: { kind: 'exact', members: input.memberIds },
    });
    return { group, members: asMembers(after ?? []) };
  });
}

/** PATCH /Groups/{id} (204): the plan of its operations; a member plan of more than 100 items runs in chunks. */
export async function scimPatchGroup(
  deps: ScimGroupDeps,
  caller: MemberCaller,
  groupId: string,
  plan: GroupPatchPlan,
  ifMatch?: number,
): Promise<void> {
  assertMayChangeGroups(caller);
  await retryWithoutIfMatch(ifMatch, async () => {
    const current = await groupOf(deps, caller, groupId);
    if (ifMatch !== undefined && ifMatch !== current.version) throw new PreconditionFailedError();
    await applyPlan(deps, caller, current, plan);
  });
}

/**
 * DELETE /Groups/{id}: its members go first (in chunks), then the group with its claims. A group that holds members
 * the caller may not manage, or has numbers or contacts shared with it, stays (409 group_not_empty).
 */
export async function scimDeleteGroup(
  deps: ScimGroupDeps,
  caller: MemberCaller,
  groupId: string,
  ifMatch?: number,
): Promise<void> {
  assertMayChangeGroups(caller);
  await retrying(
    (error) => error instanceof ListingLagged,
    'The group kept gaining members; try again',
    async () => {
      const current = await groupOf(deps, caller, groupId);
      if (ifMatch !== undefined && ifMatch !== current.version) throw new PreconditionFailedError();
      if (current.sharedItemCount > 0)
        throw new GroupNotEmptyError(`${current.sharedItemCount} number(s) or contact(s) are shared with the group`);
      if (current.memberCount > 0) {
        const none: MemberPlan = { kind: 'exact', members: [] };
        const changes = await memberChanges(deps, caller, current, none);
        if (changes.hidden) throw new GroupNotEmptyError('The group holds members this connection does not manage');
        await applyPlan(deps, caller, current, { members: none }, changes);
      }
      const event = auditEvent(deps.ids, {
        accountId: current.accountId,
        type: 'group.deleted',
        at: deps.clock.now().toISOString(),
        actor: actorOf(caller),
        target: {},
        details: { groupId, name: current.name },
      });
      try {
        await deps.groups.delete(current, current.version, event);
      } catch (error) {
        // the members listing may lag a membership written a moment ago: the delete's count condition tells
        if (error instanceof GroupNotEmptyError) throw new ListingLagged(error.message, { cause: error });
        throw error;
      }
    },
  );
}

class ListingLagged extends Error {}
