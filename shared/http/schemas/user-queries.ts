/** The listings' query strings, apart from the user schemas: list handlers then bundle no body or settings schema. */
import * as v from 'valibot';
import { PageQuery, QueryFlag, UserStatus, UserType } from './common.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const ListUsersQuery = schema(() =>
  v.strictObject({
    ...PageQuery,
    status: v.optional(UserStatus),
    /** One type only. */
    type: v.optional(UserType),
    /** `true`: persons only (every other type left out). */
    hideSystemUsers: v.optional(QueryFlag),
  }),
);
export type ListUsersInput = v.InferOutput<typeof ListUsersQuery>;

export const ListUnitUsersQuery = schema(() =>
  v.strictObject({ ...PageQuery, includeDescendants: v.optional(QueryFlag) }),
);
