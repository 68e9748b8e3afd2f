/**
 * In-memory GroupStore over a MemoryDirectory: the same conditions as the DynamoDB transactions of group-store.ts
 * (checked first, then applied all at once), the same orders (groups by lower-cased name, members by username,
 * a member's groups by group id) and the same outcomes.
 */
import type { AuditEvent } from '#domain/audit.ts';
import {
  GroupNameTakenError,
  GroupNotEmptyError,
  MemberClosedError,
  NotFoundError,
  PreconditionFailedError,
} from '#domain/errors.ts';
import { groupNameKey, type Group, type GroupMembership } from '#domain/group.ts';
import type { GroupStore } from '#ports/groups.ts';
import type { MemoryDirectory } from './memory.ts';
import { pageOf } from './paging.ts';

export class MemoryGroups {
  groups = new Map<string, Group>();
  /** `<accountId>/<lower(name)>` → groupId */
  names = new Map<string, string>();
  /** `<accountId>/<groupId>/<userId>` */
  memberships = new Map<string, GroupMembership>();

  constructor(private dir: Pick<MemoryDirectory, 'users' | 'events'> & Partial<Pick<MemoryDirectory, 'detachers'>>) {
    // closing a member ends their memberships, each group's count following (the close hook's GROUP detacher)
    dir.detachers?.push((user, _at, event) => {
      let n = 0;
      for (const [key, m] of this.memberships) {
        if (m.accountId !== user.accountId || m.userId !== user.id) continue;
        this.memberships.delete(key);
        const group = this.groups.get(this.key(m.accountId, m.groupId));
        if (group) this.groups.set(this.key(m.accountId, m.groupId), { ...group, memberCount: group.memberCount - 1 });
        this.record(event('group.member_removed', { groupId: m.groupId }));
        n += 1;
      }
      return n;
    });
  }

  private key = (accountId: string, groupId: string) => `${accountId}/${groupId}`;
  private nameKey = (accountId: string, name: string) => `${accountId}/${groupNameKey(name)}`;
  private record = (event: AuditEvent) => this.dir.events.push(event);

  /** Moves a group's count of shared items, as the shared-item Update does (the group must exist). */
  moveSharedItemCount(accountId: string, groupId: string, delta: number): void {
    const g = this.groups.get(this.key(accountId, groupId));
    if (!g) throw new NotFoundError(`No group ${groupId} in this account`);
    this.groups.set(this.key(accountId, groupId), { ...g, sharedItemCount: g.sharedItemCount + delta });
  }

  readonly store: GroupStore = {
    create: async (group, event) => {
      if (this.names.has(this.nameKey(group.accountId, group.name))) throw new GroupNameTakenError();
      this.groups.set(this.key(group.accountId, group.id), { ...group });
      this.names.set(this.nameKey(group.accountId, group.name), group.id);
      this.record(event);
    },
    get: async (accountId, groupId) => {
      const g = this.groups.get(this.key(accountId, groupId));
      return g ? { ...g } : null;
    },
    getMany: async (accountId, groupIds) =>
      groupIds.flatMap((id) => {
        const g = this.groups.get(this.key(accountId, id));
        return g ? [{ ...g }] : [];
      }),
    list: async (accountId, page) =>
      pageOf(
        [...this.groups.values()].filter((g) => g.accountId === accountId),
        page,
        `groups|${accountId}`,
        (g) => `${groupNameKey(g.name)}#${g.id}`,
      ),
    update: async (group, expectedVersion, previousName, event) => {
      const current = this.groups.get(this.key(group.accountId, group.id));
      if (!current || current.version !== expectedVersion) throw new PreconditionFailedError();
      const renamed = groupNameKey(previousName) !== groupNameKey(group.name);
      if (renamed) {
        if (this.names.get(this.nameKey(group.accountId, previousName)) !== group.id)
          throw new PreconditionFailedError();
        if (this.names.has(this.nameKey(group.accountId, group.name))) throw new GroupNameTakenError();
        this.names.delete(this.nameKey(group.accountId, previousName));
        this.names.set(this.nameKey(group.accountId, group.name), group.id);
      }
      // the counts are never written by an update
      this.groups.set(this.key(group.accountId, group.id), {
        ...group,
        memberCount: current.memberCount,
        sharedItemCount: current.sharedItemCount,
      });
      this.record(event);
    },
    delete: async (group, expectedVersion, event) => {
      const current = this.groups.get(this.key(group.accountId, group.id));
      if (!current) throw new NotFoundError('No such group in this account');
      if (current.version !== expectedVersion) throw new PreconditionFailedError();
      if (current.memberCount !== 0 || current.sharedItemCount !== 0) throw new GroupNotEmptyError();
      this.groups.delete(this.key(group.accountId, group.id));
      this.names.delete(this.nameKey(group.accountId, current.name));
      this.record(event);
    },
    addMember: async (membership, event) => {
      const { accountId, groupId, userId } = membership;
      const key = `${accountId}/${groupId}/${userId}`;
      const existing = this.memberships.get(key);
      if (existing) return { membership: { ...existing }, added: false };
      const group = this.groups.get(this.key(accountId, groupId));
      if (!group) throw new NotFoundError('No such group in this account');
      const status = this.dir.users.get(`${accountId}/${userId}`)?.status;
      if (!status || status === 'closed') throw new MemberClosedError('A closed member cannot join a group');
      this.memberships.set(key, { ...membership });
      this.groups.set(this.key(accountId, groupId), { ...group, memberCount: group.memberCount + 1 });
      this.record(event);
      return { membership, added: true };
    },
    removeMember: async (accountId, groupId, userId, event) => {
      const key = `${accountId}/${groupId}/${userId}`;
      if (!this.memberships.has(key)) return false;
      this.memberships.delete(key);
      const group = this.groups.get(this.key(accountId, groupId));
      if (group) this.groups.set(this.key(accountId, groupId), { ...group, memberCount: group.memberCount - 1 });
      this.record(event);
      return true;
    },
    listMembers: async (accountId, groupId, page) =>
      pageOf(
        [...this.memberships.values()].filter((m) => m.accountId === accountId && m.groupId === groupId),
        page,
        `group-members|${accountId}|${groupId}`,
        (m) => `${m.username}#${m.userId}`,
      ),
    groupIdsOf: async (accountId, userId) =>
      [...this.memberships.values()]
        .filter((m) => m.accountId === accountId && m.userId === userId)
        .map((m) => m.groupId)
        .sort(),
    memberOf: async (accountId, userId, groupIds) =>
      groupIds.filter((g) => this.memberships.has(`${accountId}/${g}/${userId}`)),
    listMemberships: async (accountId, userId, page) =>
      pageOf(
        [...this.memberships.values()].filter((m) => m.accountId === accountId && m.userId === userId),
        page,
        `memberships|${accountId}|${userId}`,
        (m) => m.groupId,
      ),
  };
}
