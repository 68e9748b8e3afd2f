/** PATCH …/users/{userId}: profile fields, grants and the member's own settings layer. */
import * as v from 'valibot';
import { CountryCode, Email, Language, Name } from './common.ts';
import { grantFields } from './grants.ts';
import { SettingsPatchBody } from './settings.ts';

export const UpdateUserBody = v.strictObject({
  firstName: v.optional(Name),
  lastName: v.optional(Name),
  backupEmail: v.optional(v.nullable(Email)),
  countryCode: v.optional(v.nullable(CountryCode)),
  language: v.optional(v.nullable(Language)),
  ...grantFields,
  /** The member's own settings layer: a value overrides, `null` removes the override. */
  settings: v.optional(SettingsPatchBody),
});
export type UpdateUserInput = v.InferOutput<typeof UpdateUserBody>;
