/**
 * Entity → response body. Kept apart from the valibot schemas so that handlers which validate nothing
 * (reads) do not bundle a schema library just to shape a response.
 */
import type { Account } from '#domain/account.ts';
import type { AuditEvent } from '#domain/audit.ts';
import { scimConnectionOf } from '#domain/scim/connection-settings.ts';
import type { User } from '#domain/user.ts';

/** `notes`: whether the caller may see the managers' notes (`maySeeNotes`); otherwise the field is left out. */
export const toUserDto = (u: User, show: { notes?: boolean } = {}) => ({
  id: u.id,
  accountId: u.accountId,
  type: u.type,
  username: u.username,
  email: u.email || null,
  firstName: u.firstName,
  lastName: u.lastName,
  backupEmail: u.backupEmail,
  role: u.role,
  status: u.status,
  countryCode: u.countryCode,
  language: u.language,
  friendlyName: u.friendlyName ?? null,
  emailAliases: u.emailAliases ?? [],
  ...(show.notes ? { notes: u.notes ?? null } : {}),
  unitId: u.unitId,
  adminUnitIds: u.adminUnitIds,
  capabilities: u.capabilities,
  modules: u.modules,
  settings: u.settings,
  ...(u.type === 'system' ? { scim: scimConnectionOf(u) } : {}),
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
  version: u.version,
});

export const toUserDetailDto = (view: {
  user: User;
  effectiveSettings: unknown;
  effectivePermissions: unknown;
  notesVisible?: boolean;
}) => ({
  ...toUserDto(view.user, { notes: view.notesVisible }),
  effectiveSettings: view.effectiveSettings,
  effectivePermissions: view.effectivePermissions,
});

export const toAccountDto = (a: Account) => ({
  id: a.id,
  name: a.name,
  contactEmail: a.contactEmail,
  contactPhone: a.contactPhone,
  mfaRequired: a.mfaRequired,
  rootUnitId: a.rootUnitId,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
  version: a.version,
});

export const toAuditEventDto = (e: AuditEvent) => ({
  id: e.id,
  type: e.type,
  at: e.at,
  actor: {
    kind: e.actor.kind,
    ...(e.actor.userId ? { userId: e.actor.userId } : {}),
    ...(e.actor.source ? { source: e.actor.source } : {}),
  },
  target: {
    ...(e.target.userId ? { userId: e.target.userId } : {}),
    ...(e.target.invitationId ? { invitationId: e.target.invitationId } : {}),
  },
  details: e.details ?? {},
});

export const toDelegationDto = (d: { userId: string; delegateUserId: string; createdAt: string }) => ({
  userId: d.userId,
  delegateUserId: d.delegateUserId,
  createdAt: d.createdAt,
});

/** An API key as listed: never its secret or hash. */
export const toApiKeyDto = (k: {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.createdAt,
  expiresAt: k.expiresAt,
  lastUsedAt: k.lastUsedAt,
});
