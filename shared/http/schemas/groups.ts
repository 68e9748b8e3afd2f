import * as v from 'valibot';
import { NAME_MAX_LENGTH } from '#domain/text.ts';
import { Id, PageQuery, Timestamp, tenantText } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

const GroupName = schema(() => tenantText(1, NAME_MAX_LENGTH));
const GroupDescription = schema(() => v.nullable(tenantText(0, 500, { lines: true })));

export const Group = schema(() =>
  v.object({
    id: Id,
    accountId: Id,
    name: v.string(),
    description: v.nullable(v.string()),
    memberCount: v.number(),
    sharedItemCount: v.number(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: v.number(),
  }),
);
export const GroupMember = schema(() =>
  v.object({ groupId: Id, userId: Id, username: v.string(), addedAt: Timestamp }),
);

export const CreateGroupBody = schema(() =>
  v.strictObject({ name: GroupName, description: v.optional(GroupDescription) }),
);
export const UpdateGroupBody = schema(() =>
  v.strictObject({ name: v.optional(GroupName), description: v.optional(GroupDescription) }),
);
export const GroupPageQuery = schema(() => v.strictObject({ ...PageQuery }));
