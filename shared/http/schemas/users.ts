import * as z from 'zod/mini';
import { modules } from '#domain/settings.ts';
import { CountryCode, Email, Id, Language, Name, PageQuery, Role, Timestamp, Username, UserStatus } from './common.ts';
import { EffectiveSettings, SettingsPatchBody, UnitSettings } from './settings.ts';

const Module = z.enum(modules);
const Modules = z.array(Module).check(z.maxLength(modules.length), z.refine((list) => new Set(list).size === list.length, 'must not name a module twice'));
const UnitIds = z.array(Id).check(z.maxLength(50), z.refine((list) => new Set(list).size === list.length, 'must not name a unit twice'));
const capabilityShape = { manageUsers: z.boolean(), manageE911: z.boolean(), manageInternationalDialing: z.boolean() };
/** A grant of capabilities: the ones named are set, the others stay as they are (all false on a new member). */
const CapabilitiesPatch = z.strictObject(Object.fromEntries(Object.entries(capabilityShape).map(([k, v]) => [k, z.optional(v)])) as { [K in keyof typeof capabilityShape]: z.ZodMiniOptional<z.ZodMiniBoolean> });

export const User = z.object({
  id: Id,
  accountId: Id,
  username: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  backupEmail: z.nullable(z.string()),
  role: Role,
  status: UserStatus,
  countryCode: z.nullable(z.string()),
  language: z.nullable(z.string()),
  unitId: Id,
  adminUnitIds: z.array(Id),
  capabilities: z.object(capabilityShape),
  modules: z.array(Module),
  /** The member's own settings overrides (the most specific layer of effectiveSettings). */
  settings: UnitSettings.shape.settings,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number(),
});

/** A single member as read: with their effective settings (each value's source) and what their portal menu shows. */
export const UserDetail = z.object({
  ...User.shape,
  effectiveSettings: EffectiveSettings,
  effectivePermissions: z.object({ role: Role, adminUnitIds: z.array(Id), capabilities: z.object(capabilityShape), modules: z.array(Module), mfaRequired: z.boolean() }),
});

/** Where a new member sits and what they hold; each is checked against what the caller holds (no escalation). */
const grantFields = {
  role: z.optional(Role),
  unitId: z.optional(Id),
  adminUnitIds: z.optional(UnitIds),
  capabilities: z.optional(CapabilitiesPatch),
  modules: z.optional(Modules),
};

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
export const GrantsBody = z.strictObject(grantFields);
export type GrantsInput = z.infer<typeof GrantsBody>;

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

export const ListUsersQuery = z.strictObject({ ...PageQuery, status: z.optional(UserStatus) });
export type ListUsersInput = z.infer<typeof ListUsersQuery>;

const Flag = z.pipe(z.enum(['true', 'false']), z.transform((s) => s === 'true'));
export const ListUnitUsersQuery = z.strictObject({ ...PageQuery, includeDescendants: z.optional(Flag) });

export { toUserDto, toUserDetailDto } from '../dto.ts';
