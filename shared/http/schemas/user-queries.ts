/** The listings' query strings, apart from the user schemas: list handlers then bundle no body or settings schema. */
import * as z from 'zod/mini';
import { PageQuery, UserStatus } from './common.ts';

export const ListUsersQuery = z.strictObject({ ...PageQuery, status: z.optional(UserStatus) });
export type ListUsersInput = z.infer<typeof ListUsersQuery>;

const Flag = z.pipe(z.enum(['true', 'false']), z.transform((s) => s === 'true'));
export const ListUnitUsersQuery = z.strictObject({ ...PageQuery, includeDescendants: z.optional(Flag) });
