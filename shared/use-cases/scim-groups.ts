/**
 * SCIM `/Groups`: the account's groups, for a SCIM connection (a system user, an admin with manageUsers). A group
 * shows, and a request may name, only the members the caller manages that are people (SCIM's Users); an unknown or
 * out-of-scope member in a request is 400 invalidValue and nothing changes. Members it may not manage stay in the group
 * untouched (a replace of the members sets those it manages). The events are the group ones (`source: "scim"`).
 */
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { auditEvent } from '#domain/audit.ts';
import { assertIfMatch, ConflictError, GroupNotEmptyError, MemberClosedError } from '#domain/errors.ts';
import { assertMayChangeGroups, assertMaySeeGroups, type Group, groupNameKey } from '#domain/group.ts';
import { ScimError, scimBadRequest } from '#domain/scim/errors.ts';
import type { GroupPatchPlan, MemberPlan, ScimGroupInput } from '#domain/scim/group-resource.ts';
import type { User } from '#domain/user.ts';
import { groupOf } from './groups.ts';
import { retrying, retryWithoutIfMatch } from './retries.ts';
import {
  asMembers,
  MAX_ID_LENGTH,
  manageable,
  type MemberChanges,
  memberChanges,
  memberWrites,
  namedMembers,
  type ScimGroupDeps,
  type ScimGroupView,
  views,
} from './scim-group-members.ts';

export type { ScimGroupDeps, ScimGroupView } from './scim-group-members.ts';

/** One `eq` term of a filter (the HTTP layer parses them): `id`, `externalId`, `displayName`, `members.value`. */
export interface GroupFilterTerm {
  attribute: string;
  value: string | boolean;
}

/** The store's write; a member closed between the check and the write is a refused member too (400). */
async function write(deps: ScimGroupDeps, change: Parameters<ScimGroupDeps['scimGroups']['write']>[0]) {
  try {
    await deps.scimGroups.write(change);
  } catch (error) {
    if (error instanceof MemberClosedError) throw scimBadRequest('invalidValue', error.message);
    throw error;
  }
}

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
  const name = plan.displayName ?? current.name;
  const externalId = plan.externalId !== undefined ? plan.externalId : (current.externalId ?? null);
  const changed: Record<string, unknown> = {};
  if (name !== current.name) changed.name = name;
  if (externalId !== (current.externalId ?? null)) changed.externalId = externalId;
  const group: Group = Object.keys(changed).length
    ? { ...current, name, externalId, updatedAt: now, version: current.version + 1 }
    : current;
  const members = known ?? (plan.members ? await memberChanges(deps, caller, current, plan.members) : undefined);
  const event = auditEvent(deps.ids, {
    accountId,
    type: 'group.updated',
    at: now,
    actor: actorOf(caller),
    target: {},
    details: { groupId: current.id, changed, ...(changed.name !== undefined ? { previousName: current.name } : {}) },
  });
  await write(deps, {
    accountId,
    groupId: current.id,
    record: group === current ? undefined : { kind: 'update', group, previous: current, event },
    ...memberWrites(deps, caller, current.id, now, members ?? { add: [], remove: [] }),
  });
  return { group, after: members && 'after' in members ? members.after : undefined };
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
  const event = auditEvent(deps.ids, {
    accountId: group.accountId,
    type: 'group.created',
    at: group.createdAt,
    actor: actorOf(caller),
    target: {},
    details: { groupId: group.id, name: group.name, ...(group.externalId ? { externalId: group.externalId } : {}) },
  });
  try {
    await write(deps, {
      accountId: group.accountId,
      groupId: group.id,
      record: { kind: 'create', group, event },
      ...memberWrites(deps, caller, group.id, group.createdAt, { add, remove: [] }),
    });
  } catch (error) {
    throw await createFailure(deps, group, error);
  }
  return { group: { ...group, memberCount: add.length }, members: asMembers(add) };
}

/**
 * A create refused in a later member chunk left the group created with the members before it (a retried POST is
 * then 409 uniqueness): the error keeps its status and says so, with the group's id, so that the provider finds it by
 * displayName and sends the rest by PATCH. A refusal in the first transaction created nothing and stays as it is; a
 * service error (500) keeps its generic answer.
 */
async function createFailure(deps: ScimGroupDeps, group: Group, error: unknown): Promise<unknown> {
  if (!(error instanceof ScimError || error instanceof ConflictError)) return error;
  const created = await deps.groups.get(group.accountId, group.id).catch(() => null);
  if (!created) return error;
  const detail =
    `${error.detail ?? error.message} The group was created (id ${group.id}, displayName ` +
    `"${group.name}") with ${created.memberCount} member(s); find it by displayName and send the others by PATCH.`;
  if (error instanceof ScimError) return new ScimError(error.status, error.scimType, detail);
  return new ConflictError(detail, { cause: error });
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
    assertIfMatch(ifMatch, current.version);
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
    assertIfMatch(ifMatch, current.version);
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
      assertIfMatch(ifMatch, current.version);
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
