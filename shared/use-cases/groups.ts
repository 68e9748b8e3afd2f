/**
 * Groups of an account. Account managers and admins with manageUsers create, rename and delete them; account managers
 * and every admin list and read them and their members (a group belongs to the account, not to a unit); adding or
 * removing a member takes the right to manage that member (an admin in scope with manageUsers, a delegate, an account
 * manager). Every member reads their own groups (and those of members they may read) at `…/users/{u}/groups`.
 */
import { auditEvent } from '#domain/audit.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import { assertIfMatch, NotFoundError } from '#domain/errors.ts';
import {
  assertMayChangeGroups,
  assertMaySeeGroups,
  type Group,
  type GroupMembership,
  type GroupPatch,
} from '#domain/group.ts';
import type { GroupStore } from '#ports/groups.ts';
import type { Page } from '#ports/paging.ts';
import type { Deps, UserReads } from './deps.ts';
import type { AccessDeps } from './access.ts';
import { retryWithoutIfMatch } from './retries.ts';
import { manageableMember, readableMember } from './users.ts';

export interface GroupDeps extends AccessDeps, Pick<Deps, 'clock' | 'ids'> {
  users: UserReads;
  groups: GroupStore;
}

/**
 * What the operations but the listings take: the group store without its listings, so that their handlers can give
 * `groupRecords` and bundle no paging (GroupDeps, the whole store, is one of these).
 */
type GroupRecordDeps = Omit<GroupDeps, 'groups'> & {
  groups: Omit<GroupStore, 'list' | 'listMembers' | 'listMemberships'>;
};

const pageOf = (query: { limit?: number; cursor?: string }) => ({ limit: query.limit ?? 50, cursor: query.cursor });

export async function createGroup(
  deps: Pick<GroupRecordDeps, 'clock' | 'ids'> & { groups: Pick<GroupStore, 'create'> },
  caller: MemberCaller,
  input: { name: string; description?: string | null },
): Promise<Group> {
  assertMayChangeGroups(caller);
  const accountId = caller.membership.accountId;
  const now = deps.clock.now().toISOString();
  const group: Group = {
    id: deps.ids.next(),
    accountId,
    name: input.name,
    description: input.description ?? null,
    memberCount: 0,
    sharedItemCount: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const event = auditEvent(deps.ids, {
    accountId,
    type: 'group.created',
    at: now,
    actor: actorOf(caller),
    target: {},
    details: { groupId: group.id, name: group.name },
  });
  await deps.groups.create(group, event);
  return group;
}

/** A group of the caller's account (404 for any other id; an over-long id is refused by both pipelines first). */
export async function groupOf(
  deps: { groups: Pick<GroupStore, 'get'> },
  caller: MemberCaller,
  groupId: string,
): Promise<Group> {
  const group = await deps.groups.get(caller.membership.accountId, groupId);
  if (!group) throw new NotFoundError('No such group in this account');
  return group;
}

export async function getGroup(
  deps: Pick<GroupRecordDeps, 'groups'>,
  caller: MemberCaller,
  groupId: string,
): Promise<Group> {
  assertMaySeeGroups(caller);
  return groupOf(deps, caller, groupId);
}

export async function listGroups(
  deps: { groups: Pick<GroupStore, 'list'> },
  caller: MemberCaller,
  query: { limit?: number; cursor?: string },
): Promise<Page<Group>> {
  assertMaySeeGroups(caller);
  return deps.groups.list(caller.membership.accountId, pageOf(query));
}

export async function updateGroup(
  deps: Pick<GroupRecordDeps, 'groups' | 'clock' | 'ids'>,
  caller: MemberCaller,
  groupId: string,
  patch: GroupPatch,
  ifMatch?: number,
): Promise<Group> {
  assertMayChangeGroups(caller);
  return retryWithoutIfMatch(ifMatch, async () => {
    const current = await groupOf(deps, caller, groupId);
    assertIfMatch(ifMatch, current.version);
    const now = deps.clock.now().toISOString();
    const next: Group = {
      ...current,
      name: patch.name ?? current.name,
      description: patch.description !== undefined ? patch.description : current.description,
      updatedAt: now,
      version: current.version + 1,
    };
    const changed = Object.fromEntries(
      (['name', 'description'] as const).filter((f) => next[f] !== current[f]).map((f) => [f, next[f]]),
    );
    const event = auditEvent(deps.ids, {
      accountId: current.accountId,
      type: 'group.updated',
      at: now,
      actor: actorOf(caller),
      target: {},
      details: { groupId, changed, ...(changed.name !== undefined ? { previousName: current.name } : {}) },
    });
    await deps.groups.update(next, current.version, current.name, event);
    return next;
  });
}

/** Only an empty group goes: no members and nothing shared with it (409 group_not_empty otherwise). */
export async function deleteGroup(
  deps: Pick<GroupRecordDeps, 'groups' | 'clock' | 'ids'>,
  caller: MemberCaller,
  groupId: string,
  ifMatch?: number,
): Promise<void> {
  assertMayChangeGroups(caller);
  await retryWithoutIfMatch(ifMatch, async () => {
    const current = await groupOf(deps, caller, groupId);
    assertIfMatch(ifMatch, current.version);
    const event = auditEvent(deps.ids, {
      accountId: current.accountId,
      type: 'group.deleted',
      at: deps.clock.now().toISOString(),
      actor: actorOf(caller),
      target: {},
      details: { groupId, name: current.name },
    });
    await deps.groups.delete(current, current.version, event);
  });
}

export async function listGroupMembers(
  deps: { groups: Pick<GroupStore, 'get' | 'listMembers'> },
  caller: MemberCaller,
  groupId: string,
  query: { limit?: number; cursor?: string },
): Promise<Page<GroupMembership>> {
  assertMaySeeGroups(caller);
  const [, page] = await Promise.all([
    groupOf(deps, caller, groupId),
    deps.groups.listMembers(caller.membership.accountId, groupId, pageOf(query)),
  ]);
  return page;
}

/**
 * PUT …/groups/{g}/members/{u}: idempotent. A new membership counts once (`added: true`, 201); adding a member who
 * is already in the group changes and counts nothing (`added: false`, 200). Closed members: 409 member_closed.
 */
export async function addGroupMember(
  deps: GroupRecordDeps,
  caller: MemberCaller,
  groupId: string,
  userId: string,
): Promise<{ membership: GroupMembership; added: boolean }> {
  const member = await manageableMember(deps, caller, userId);
  const now = deps.clock.now().toISOString();
  const accountId = caller.membership.accountId;
  const event = auditEvent(deps.ids, {
    accountId,
    type: 'group.member_added',
    at: now,
    actor: actorOf(caller),
    target: { userId },
    unitPath: member.unitPath,
    details: { groupId },
  });
  return deps.groups.addMember({ accountId, groupId, userId, username: member.username, addedAt: now }, event);
}

/** DELETE …/groups/{g}/members/{u}: 204; a member who is not in the group (or no such group) is 404. */
export async function removeGroupMember(
  deps: GroupRecordDeps,
  caller: MemberCaller,
  groupId: string,
  userId: string,
): Promise<void> {
  const member = await manageableMember(deps, caller, userId);
  const event = auditEvent(deps.ids, {
    accountId: caller.membership.accountId,
    type: 'group.member_removed',
    at: deps.clock.now().toISOString(),
    actor: actorOf(caller),
    target: { userId },
    unitPath: member.unitPath,
    details: { groupId },
  });
  if (!(await deps.groups.removeMember(caller.membership.accountId, groupId, userId, event)))
    throw new NotFoundError('That member is not in this group');
}

/** The groups of a member the caller may read (themselves included), one page, in the order the groups were created. */
export async function listUserGroups(
  deps: Pick<GroupDeps, 'users' | 'access'> & { groups: Pick<GroupStore, 'listMemberships' | 'getMany'> },
  caller: MemberCaller,
  userId: string,
  query: { limit?: number; cursor?: string },
): Promise<Page<Group>> {
  await readableMember(deps, caller, userId);
  const accountId = caller.membership.accountId;
  const page = await deps.groups.listMemberships(accountId, userId, pageOf(query));
  const groups = await deps.groups.getMany(
    accountId,
    page.items.map((m) => m.groupId),
  );
  return { items: groups, nextCursor: page.nextCursor };
}
