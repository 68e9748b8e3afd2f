/** PATCH …/users/{userId}: profile fields, grants and the member's own settings layer. */
import * as v from 'valibot';
import { CountryCode, Email, FriendlyName, Id, Language, Name, Notes } from './common.ts';
import { grantFields } from './grants.ts';
import { SettingsPatchBody } from './settings.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

/** `PATCH …/users/{u}` `{scim: {…}}`: an identity provider's connection on a system user. */
export const ScimConnectionPatch = schema(() =>
  v.strictObject({
    /** Whether this system user's API keys open `/scim/v2/accounts/{accountId}` (it must be an admin with manageUsers). */
    enabled: v.optional(v.boolean()),
    /** Where new members go; null: the system user's first admin unit, else the root. */
    unitId: v.optional(v.nullable(Id)),
    /** An in-scope unit named like the SCIM `department` (case-insensitive) wins over unitId. */
    unitFromDepartment: v.optional(v.boolean()),
    /** Whether new people get the invitation mail. */
    sendInvitations: v.optional(v.boolean()),
  }),
);

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
    /** A system user's SCIM connection (account managers only): the fields named change, the others stay. */
    scim: v.optional(ScimConnectionPatch),
  }),
);
export type UpdateUserInput = v.InferOutput<typeof UpdateUserBody>;
