/** The listings' query strings, apart from the user schemas: list handlers then bundle no body or settings schema. */
import * as v from 'valibot';
import { PageQuery, QueryFlag, UserStatus, UserType, described } from './common.ts';
import { userIncludes, type UserInclude } from '#ports/member-items.ts';

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

/** `GET …/users/{u}?include=services,numbers,devices,groups`: the lists to add from the member's item collection. */
export const GetUserQuery = schema(() =>
  v.strictObject({
    include: v.optional(
      v.pipe(
        v.string(),
        v.check(
          (s) => s.split(',').every((k) => (userIncludes as readonly string[]).includes(k)),
          `must be a comma-separated list of ${userIncludes.join(', ')}`,
        ),
        described<string>({
          type: 'string',
          description: `A comma-separated list of ${userIncludes.join(', ')}: those lists are added to the user`,
          example: userIncludes.join(','),
        }),
        v.transform((s) => [...new Set(s.split(','))] as UserInclude[]),
      ),
    ),
  }),
);
