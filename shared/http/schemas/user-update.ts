/** PATCH …/users/{userId}: profile fields, grants and the member's own settings layer. */
import * as v from 'valibot';
import { CountryCode, Email, FriendlyName, Language, Name, Notes } from './common.ts';
import { grantFields } from './grants.ts';
import { SettingsPatchBody } from './settings.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const UpdateUserBody = schema(() =>
  v.strictObject({
    firstName: v.optional(Name),
    lastName: v.optional(Name),
    backupEmail: v.optional(v.nullable(Email)),
    countryCode: v.optional(v.nullable(CountryCode)),
    language: v.optional(v.nullable(Language)),
    friendlyName: v.optional(v.nullable(FriendlyName)),
    notes: v.optional(v.nullable(Notes)),
    ...grantFields,
    /** The member's own settings layer: a value overrides, `null` removes the override. */
    settings: v.optional(SettingsPatchBody),
  }),
);
export type UpdateUserInput = v.InferOutput<typeof UpdateUserBody>;
