/** POST …/users: apart from the read and update schemas, so that creating a member bundles no settings schema. */
import * as v from 'valibot';
import { CountryCode, Email, Language, Name, Username } from './common.ts';
import { grantFields } from './grants.ts';

export const CreateUserBody = v.strictObject({
  username: Username,
  email: Email,
  firstName: Name,
  lastName: Name,
  backupEmail: v.optional(v.nullable(Email)),
  countryCode: v.optional(v.nullable(CountryCode)),
  language: v.optional(v.nullable(Language)),
  ...grantFields,
});
export type CreateUserInput = v.InferOutput<typeof CreateUserBody>;
