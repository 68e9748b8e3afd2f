/** POST …/users: apart from the read and update schemas, so that creating a member bundles no settings schema. */
import * as v from 'valibot';
import type { NewUserInput } from '#use-cases/users.ts';
import {
  type Conforms,
  CountryCode,
  Email,
  FriendlyName,
  Language,
  Name,
  Notes,
  Username,
  UserType,
} from './common.ts';
import { Extension } from './devices.ts';
import { grantFields } from './grants.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const CreateUserBody = schema(() =>
  v.strictObject({
    /** `person` when absent; set once, never changed. */
    type: v.optional(UserType),
    username: Username,
    /** A person's sign-in (required); for the other types an optional contact address that is no sign-in. */
    email: v.optional(Email),
    firstName: Name,
    lastName: Name,
    backupEmail: v.optional(v.nullable(Email)),
    countryCode: v.optional(v.nullable(CountryCode)),
    language: v.optional(v.nullable(Language)),
    friendlyName: v.optional(v.nullable(FriendlyName)),
    notes: v.optional(v.nullable(Notes)),
    /** Creates the member's first phone with this extension, in the same transaction. */
    extension: v.optional(Extension),
    ...grantFields,
  }),
);
export type CreateUserInput = Conforms<v.InferOutput<typeof CreateUserBody>, NewUserInput>;
