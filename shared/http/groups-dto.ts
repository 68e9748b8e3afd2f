/** Groups → response bodies (apart from the schemas, so that read handlers bundle no schema library). */
import type { Group, GroupMembership } from '#domain/group.ts';

export const toGroupDto = (g: Group) => ({
  id: g.id,
  accountId: g.accountId,
  name: g.name,
  description: g.description,
  memberCount: g.memberCount,
  sharedItemCount: g.sharedItemCount,
  createdAt: g.createdAt,
  updatedAt: g.updatedAt,
  version: g.version,
});

export const toGroupMemberDto = (m: GroupMembership) => ({
  groupId: m.groupId,
  userId: m.userId,
  username: m.username,
  addedAt: m.addedAt,
});
