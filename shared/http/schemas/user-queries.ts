/** The listings' query strings, apart from the user schemas: list handlers then bundle no body or settings schema. */
import * as v from 'valibot';
import { PageQuery, QueryFlag, UserStatus } from './common.ts';

export const ListUsersQuery = v.strictObject({ ...PageQuery, status: v.optional(UserStatus) });
export type ListUsersInput = v.InferOutput<typeof ListUsersQuery>;

export const ListUnitUsersQuery = v.strictObject({ ...PageQuery, includeDescendants: v.optional(QueryFlag) });
