/**
 * Entity → response body. Kept apart from the zod schemas so that handlers which validate nothing
 * (reads) do not bundle zod just to shape a response.
 */
import type { Account } from '#domain/account.ts';
import type { User } from '#domain/user.ts';

export const toUserDto = (u: User) => ({
  id: u.id,
  accountId: u.accountId,
  username: u.username,
  email: u.email,
  firstName: u.firstName,
  lastName: u.lastName,
  backupEmail: u.backupEmail,
  role: u.role,
  status: u.status,
  countryCode: u.countryCode,
  language: u.language,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
  version: u.version,
});

export const toAccountDto = (a: Account) => ({
  id: a.id,
  name: a.name,
  contactEmail: a.contactEmail,
  contactPhone: a.contactPhone,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
  version: a.version,
});
