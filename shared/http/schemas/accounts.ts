import * as z from 'zod/mini';
import { Email, Id, Name, Phone, Timestamp, Username } from './common.ts';

export const Account = z.object({
  id: Id,
  name: z.string(),
  contactEmail: z.nullable(z.string()),
  contactPhone: z.nullable(z.string()),
  mfaRequired: z.boolean(),
  /** The root of the account's organisation tree (GET /v1/accounts/{accountId}/units). */
  rootUnitId: z.nullable(Id),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number(),
});

const AccountName = z.string().check(z.trim(), z.minLength(1), z.maxLength(120));

export const CreateAccountBody = z.strictObject({
  name: AccountName,
  contactEmail: z.optional(z.nullable(Email)),
  contactPhone: z.optional(z.nullable(Phone)),
  owner: z.strictObject({ email: Email, firstName: Name, lastName: Name, username: z.optional(Username) }),
});
export type CreateAccountInput = z.infer<typeof CreateAccountBody>;

export const UpdateAccountBody = z.strictObject({
  name: z.optional(AccountName),
  contactEmail: z.optional(z.nullable(Email)),
  contactPhone: z.optional(z.nullable(Phone)),
  /** Members without MFA are held at enrollment until they set it up. */
  mfaRequired: z.optional(z.boolean()),
});
export type UpdateAccountInput = z.infer<typeof UpdateAccountBody>;


export { toAccountDto } from '../dto.ts';
