/** A member as responses show them (bodies: user-create.ts, user-update.ts, user-queries.ts, grants.ts). */
import * as z from 'zod/mini';
import { Id, Role, Timestamp, UserStatus } from './common.ts';
import { capabilityShape, Module } from './grants.ts';
import { EffectiveSettings, UnitSettings } from './settings-values.ts';
import { Account } from './accounts.ts';

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

/** Responses that carry a member (kept here, so that the request schemas of those routes import no user schema). */
export const AcceptInvitationResponse = z.object({ accountId: Id, user: User });
export const CreateAccountResponse = z.object({ account: Account, owner: User });

export { toUserDto, toUserDetailDto } from '../dto.ts';
