/** A member as responses show them (bodies: user-create.ts, user-update.ts, user-queries.ts, grants.ts). */
import * as v from 'valibot';
import { Id, Role, Timestamp, UserStatus, UserType } from './common.ts';
import { capabilityShape } from './grants.ts';
import { EffectiveSettings, Module, UnitSettings } from './settings-values.ts';
import { Account } from './accounts.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const User = schema(() =>
  v.object({
    id: Id,
    accountId: Id,
    type: UserType,
    username: v.string(),
    /** A person's sign-in email; another type's optional contact address (null: none), which is no sign-in. */
    email: v.nullable(v.string()),
    firstName: v.string(),
    lastName: v.string(),
    backupEmail: v.nullable(v.string()),
    role: Role,
    status: UserStatus,
    countryCode: v.nullable(v.string()),
    language: v.nullable(v.string()),
    /** The name mail from this member shows as its sender; null: first and last name. */
    friendlyName: v.nullable(v.string()),
    /** Further addresses that reach this member, unique in the account among aliases and members' emails. */
    emailAliases: v.array(v.string()),
    /** Managers' notes: present only for account managers and the admins of the member. */
    notes: v.optional(v.nullable(v.string())),
    unitId: Id,
    adminUnitIds: v.array(Id),
    capabilities: v.object(capabilityShape),
    modules: v.array(Module),
    /** The member's own settings overrides (the most specific layer of effectiveSettings). */
    settings: UnitSettings.entries.settings,
    /** A system user's SCIM connection (defaults when never set); absent on other types. */
    scim: v.optional(
      v.object({
        enabled: v.boolean(),
        unitId: v.nullable(Id),
        unitFromDepartment: v.boolean(),
        sendInvitations: v.boolean(),
      }),
    ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: v.number(),
  }),
);

/** A single member as read: with their effective settings (each value's source) and what their portal menu shows. */
export const UserDetail = schema(() =>
  v.object({
    ...User.entries,
    effectiveSettings: EffectiveSettings,
    effectivePermissions: v.object({
      role: Role,
      adminUnitIds: v.array(Id),
      capabilities: v.object(capabilityShape),
      modules: v.array(Module),
      mfaRequired: v.boolean(),
    }),
  }),
);

/** Responses that carry a member (kept here, so that the request schemas of those routes import no user schema). */
export const AcceptInvitationResponse = schema(() => v.object({ accountId: Id, user: User }));
export const CreateAccountResponse = schema(() => v.object({ account: Account, owner: User }));

export { toUserDto, toUserDetailDto } from '../dto.ts';
