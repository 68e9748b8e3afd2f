import * as z from 'zod/mini';
import { CountryCode, Email, Id, Language, Name, PageQuery, Role, Timestamp, Username, UserStatus } from './common.ts';

export const User = z.object({
  id: Id,
  accountId: Id,
  username: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  backupEmail: z.nullable(z.string()),
  role: Role,
  status: UserStatus,
  countryCode: z.nullable(z.string()),
  language: z.nullable(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number(),
});

export const CreateUserBody = z.strictObject({
  username: Username,
  email: Email,
  firstName: Name,
  lastName: Name,
  role: z.optional(Role),
  backupEmail: z.optional(z.nullable(Email)),
  countryCode: z.optional(z.nullable(CountryCode)),
  language: z.optional(z.nullable(Language)),
});
export type CreateUserInput = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z.strictObject({
  firstName: z.optional(Name),
  lastName: z.optional(Name),
  backupEmail: z.optional(z.nullable(Email)),
  countryCode: z.optional(z.nullable(CountryCode)),
  language: z.optional(z.nullable(Language)),
  role: z.optional(Role),
});
export type UpdateUserInput = z.infer<typeof UpdateUserBody>;

export const ListUsersQuery = z.strictObject({ ...PageQuery, status: z.optional(UserStatus) });
export type ListUsersInput = z.infer<typeof ListUsersQuery>;

export { toUserDto } from '../dto.ts';
