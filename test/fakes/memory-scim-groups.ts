/**
 * In-memory ScimGroupStore over a MemoryGroups: the conditions of scim-group-store.ts (the record's claims and
 * version, a closed member, memberships already there or already gone dropped), each change all at once.
 */
import {
  GroupExternalIdTakenError,
  GroupNameTakenError,
  MemberClosedError,
  NotFoundError,
  PreconditionFailedError,
} from '#domain/errors.ts';
import { groupNameKey, type Group } from '#domain/group.ts';
import type { ScimGroupReads, ScimGroupStore } from '#ports/scim-groups.ts';
import type { MemoryGroups } from './memory-groups.ts';
import type { MemoryDirectory } from './memory.ts';

export class MemoryScimGroups {
  /** `<accountId>/<externalId>` → groupId */
  externalIds = new Map<string, string>();
  /** Each write, as the sizes of what it asked: for tests of what a request wrote. */
  writes: { added: number; removed: number; record?: string }[] = [];

  constructor(
    private groups: MemoryGroups,
    private dir: Pick<MemoryDirectory, 'users' | 'events'>,
  ) {}

  private gkey = (accountId: string, groupId: string) => `${accountId}/${groupId}`;
  private mkey = (accountId: string, groupId: string, userId: string) => `${accountId}/${groupId}/${userId}`;
  private nkey = (accountId: string, name: string) => `${accountId}/${groupNameKey(name)}`;

  private checkRecord(record: NonNullable<Parameters<ScimGroupStore['write']>[0]['record']>): void {
    const { group } = record;
    const { accountId, id } = group;
    if (record.kind === 'create') {
      if (this.groups.names.has(this.nkey(accountId, group.name))) throw new GroupNameTakenError();
      if (group.externalId && this.externalIds.has(`${accountId}/${group.externalId}`))
        throw new GroupExternalIdTakenError();
      return;
    }
    const stored = this.groups.groups.get(this.gkey(accountId, id));
    if (!stored || stored.version !== record.previous.version) throw new PreconditionFailedError();
    const renamed = groupNameKey(record.previous.name) !== groupNameKey(group.name);
    if (renamed && this.groups.names.has(this.nkey(accountId, group.name))) throw new GroupNameTakenError();
    const changed = (record.previous.externalId ?? null) !== (group.externalId ?? null);
    if (changed && group.externalId && this.externalIds.has(`${accountId}/${group.externalId}`))
      throw new GroupExternalIdTakenError();
  }

  private applyRecord(record: NonNullable<Parameters<ScimGroupStore['write']>[0]['record']>): void {
    const { group } = record;
    const { accountId, id } = group;
    const previous: Partial<Group> = record.kind === 'update' ? record.previous : {};
    if (previous.name !== undefined) this.groups.names.delete(this.nkey(accountId, previous.name));
    if (previous.externalId) this.externalIds.delete(`${accountId}/${previous.externalId}`);
    this.groups.names.set(this.nkey(accountId, group.name), id);
    if (group.externalId) this.externalIds.set(`${accountId}/${group.externalId}`, id);
    const stored = this.groups.groups.get(this.gkey(accountId, id));
    this.groups.groups.set(this.gkey(accountId, id), {
      ...group,
      memberCount: stored?.memberCount ?? 0,
      sharedItemCount: stored?.sharedItemCount ?? 0,
    });
    this.dir.events.push(record.event);
  }

  readonly store: ScimGroupStore = {
    write: async (change) => {
      const { accountId, groupId } = change;
      if (change.record) this.checkRecord(change.record);
      else if (!this.groups.groups.has(this.gkey(accountId, groupId)))
        throw new NotFoundError('No such group in this account');
      for (const { membership } of change.add) {
        const status = this.dir.users.get(`${accountId}/${membership.userId}`)?.status;
        if (!status || status === 'closed') throw new MemberClosedError(`Member ${membership.userId} is closed`);
      }
      if (change.record) this.applyRecord(change.record);
      let added = 0;
      let removed = 0;
      for (const { membership, event } of change.add) {
        const key = this.mkey(accountId, groupId, membership.userId);
        if (this.groups.memberships.has(key)) continue;
        this.groups.memberships.set(key, { ...membership });
        this.dir.events.push(event);
        added++;
      }
      for (const { userId, event } of change.remove) {
        if (!this.groups.memberships.delete(this.mkey(accountId, groupId, userId))) continue;
        this.dir.events.push(event);
        removed++;
      }
      const group = this.groups.groups.get(this.gkey(accountId, groupId))!;
      this.groups.groups.set(this.gkey(accountId, groupId), {
        ...group,
        memberCount: group.memberCount + added - removed,
      });
      this.writes.push({ added, removed, record: change.record?.kind });
      return { added, removed };
    },
    idByName: async (accountId, name) => this.groups.names.get(this.nkey(accountId, name)) ?? null,
    idByExternalId: async (accountId, externalId) => this.externalIds.get(`${accountId}/${externalId}`) ?? null,
    window: async (accountId, startIndex, count) => {
      const all = [...this.groups.groups.values()]
        .filter((g) => g.accountId === accountId)
        .sort((a, b) => (`${groupNameKey(a.name)}#${a.id}` < `${groupNameKey(b.name)}#${b.id}` ? -1 : 1));
      return { total: all.length, groups: all.slice(startIndex - 1, startIndex - 1 + count).map((g) => ({ ...g })) };
    },
    members: async (accountId, groupId) =>
      [...this.groups.memberships.values()]
        .filter((m) => m.accountId === accountId && m.groupId === groupId)
        .sort((a, b) => (`${a.username}#${a.userId}` < `${b.username}#${b.userId}` ? -1 : 1)),
    membersAmong: async (accountId, groupId, userIds) =>
      userIds.filter((u) => this.groups.memberships.has(this.mkey(accountId, groupId, u))),
  };

  /** The group reads SCIM uses, the deletion freeing the externalId claim as the DynamoDB store's does. */
  readonly reads: ScimGroupReads = {
    get: (a, g) => this.groups.store.get(a, g),
    getMany: (a, g) => this.groups.store.getMany(a, g),
    groupIdsOf: (a, u) => this.groups.store.groupIdsOf(a, u),
    memberOf: (a, u, g) => this.groups.store.memberOf(a, u, g),
    delete: async (group, expectedVersion, event) => {
      await this.groups.store.delete(group, expectedVersion, event);
      if (group.externalId) this.externalIds.delete(`${group.accountId}/${group.externalId}`);
    },
  };
}
