/** POST …/users: apart from the read and update schemas, so that creating a member bundles no settings schema. */
import * as z from 'zod/mini';
import { CountryCode, Email, Language, Name, Username } from './common.ts';
import { grantFields } from './grants.ts';

export const CreateUserBody = z.strictObject({
  username: Username,
  email: Email,
  firstName: Name,
  lastName: Name,
  backupEmail: z.optional(z.nullable(Email)),
  countryCode: z.optional(z.nullable(CountryCode)),
  language: z.optional(z.nullable(Language)),
  ...grantFields,
});
export type CreateUserInput = z.infer<typeof CreateUserBody>;

