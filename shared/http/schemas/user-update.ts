/** PATCH …/users/{userId}: profile fields, grants and the member's own settings layer. */
import * as z from 'zod/mini';
import { CountryCode, Email, Language, Name } from './common.ts';
import { grantFields } from './grants.ts';
import { SettingsPatchBody } from './settings.ts';

export const UpdateUserBody = z.strictObject({
  firstName: z.optional(Name),
  lastName: z.optional(Name),
  backupEmail: z.optional(z.nullable(Email)),
  countryCode: z.optional(z.nullable(CountryCode)),
  language: z.optional(z.nullable(Language)),
  ...grantFields,
  /** The member's own settings layer: a value overrides, `null` removes the override. */
  settings: z.optional(SettingsPatchBody),
});
export type UpdateUserInput = z.infer<typeof UpdateUserBody>;

