/** Domain entity <-> table item. Items carry their keys, an `entity` name, and for expiring things the TTL attribute. */
import type { Account } from '#domain/account.ts';
import { AUDIT_RETENTION_SECONDS, type AuditEvent } from '#domain/audit.ts';
import type { Identity, Membership } from '#domain/identity.ts';
import type { Invitation } from '#domain/invitation.ts';
import type { PasswordReset } from '#domain/password-reset.ts';
import { NO_CAPABILITIES, type Capabilities, type Grants, type User } from '#domain/user.ts';
import { tableDefinition } from '#config/table.ts';
import { indexKeys, invitationExpiryShard, keys } from './keys.ts';

export type Item = Record<string, unknown>;
const TTL = tableDefinition.ttlAttribute;
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function strip<T>(item: Item, fields: readonly (keyof T)[]): T {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f as string] = item[f as string] ?? null;
  return out as T;
}

const accountFields = [
  'id',
  'name',
  'contactEmail',
  'contactPhone',
  'mfaRequired',
  'rootUnitId',
  'settings',
  'createdAt',
  'updatedAt',
  'version',
] as const;
export const accountItem = (a: Account): Item => ({ ...keys.account(a.id), entity: 'Account', ...a });
// accounts written before the MFA policy existed have no flag: not required; before settings, none set
export const fromAccountItem = (item: Item): Account => ({
  ...strip<Account>(item, accountFields),
  mfaRequired: item.mfaRequired === true,
  settings: (item.settings as Account['settings'] | undefined) ?? {},
});

const userFields = [
  'id',
  'accountId',
  'username',
  'email',
  'firstName',
  'lastName',
  'backupEmail',
  'role',
  'status',
  'countryCode',
  'language',
  'unitId',
  'unitPath',
  'identityId',
  'createdAt',
  'updatedAt',
  'version',
] as const;
export function userItem(u: User): Item {
  return {
    ...keys.user(u.accountId, u.id),
    entity: 'User',
    ...u,
    // closed members leave the default listing; they stay listable by status
    ...(u.status === 'closed' ? {} : indexKeys.usersByUsername(u.accountId, u.username, u.id)),
    ...indexKeys.usersByStatus(u.accountId, u.status, u.username, u.id),
    // and by unit path for subtree listings
    ...(u.status === 'closed'
      ? {}
      : indexKeys.membersByPath(u.accountId, { unitPath: u.unitPath, username: u.username, userId: u.id })),
  };
}
/** Grants as stored; records from before scoped admins hold none. */
const grantsFrom = (item: Item): Grants => ({
  role: item.role as Grants['role'],
  adminUnitIds: (item.adminUnitIds as string[] | undefined) ?? [],
  capabilities: { ...NO_CAPABILITIES, ...(item.capabilities as Partial<Capabilities> | undefined) },
  modules: (item.modules as Grants['modules'] | undefined) ?? [],
});
export const fromUserItem = (item: Item): User => ({
  ...strip<User>(item, userFields),
  ...grantsFrom(item),
  settings: (item.settings as User['settings'] | undefined) ?? {},
});

const invitationFields = [
  'id',
  'accountId',
  'email',
  'role',
  'kind',
  'userId',
  'message',
  'status',
  'tokenHash',
  'invitedBy',
  'createdAt',
  'expiresAt',
  'purgeAt',
  'delivery',
  'resendCount',
  'resentAt',
  'recentResends',
  'placement',
] as const;
/**
 * The domain's `expiresAt` (link expiry) is stored as `linkExpiresAt`; the table's TTL attribute is the purge time.
 * GSI3 lists it by status; while pending it is also in the sparse GSI4 by expiry, which the cleanup reads.
 */
export function invitationItem(i: Invitation): Item {
  const { expiresAt, ...rest } = i;
  const open = i.status === 'pending' || i.status === 'expired';
  return {
    ...keys.invitation(i.accountId, i.id),
    entity: 'Invitation',
    ...rest,
    linkExpiresAt: expiresAt,
    [TTL]: epoch(i.purgeAt),
    // top level, for an admin's filtered listing
    ...(i.placement ? { unitPath: i.placement.unitPath } : {}),
    ...indexKeys.invitationsByStatus(i.accountId, open ? 'OPEN' : (i.status as 'accepted' | 'revoked'), {
      at: open ? expiresAt : i.createdAt,
      invitationId: i.id,
    }),
    ...(i.status === 'pending'
      ? indexKeys.invitationsExpiring(invitationExpiryShard(i.id), {
          expiresAt,
          accountId: i.accountId,
          invitationId: i.id,
        })
      : {}),
  };
}
// links written before invitations by email existed are setup links of a directory user
export const fromInvitationItem = (item: Item): Invitation => ({
  ...strip<Invitation>({ ...item, expiresAt: item.linkExpiresAt }, invitationFields),
  kind: (item.kind as Invitation['kind'] | undefined) ?? 'setup',
  recentResends: (item.recentResends as string[] | undefined) ?? [],
});

export const linkTokenItem = (i: Invitation): Item => ({
  ...keys.linkToken(i.tokenHash),
  entity: 'LinkToken',
  kind: 'invitation',
  accountId: i.accountId,
  invitationId: i.id,
  [TTL]: epoch(i.purgeAt),
});

const identityFields = ['id', 'email', 'tokensValidAfter', 'mfaEnabled', 'createdAt'] as const;
export const identityItem = (i: Identity): Item => ({ ...keys.identity(i.id), entity: 'Identity', ...i });
export const fromIdentityItem = (item: Item): Identity => strip<Identity>(item, identityFields);
export const identityByEmailItem = (i: Identity): Item => ({
  ...keys.identityByEmail(i.email),
  entity: 'IdentityEmail',
  identityId: i.id,
});

const membershipFields = ['accountId', 'userId', 'identityId', 'role', 'status', 'tokensValidAfter'] as const;
export const membershipItem = (m: Membership): Item => ({
  ...keys.membership(m.identityId, m.accountId),
  entity: 'Membership',
  ...m,
});
export const fromMembershipItem = (item: Item): Membership => ({
  ...strip<Membership>(item, membershipFields),
  ...grantsFrom(item),
});

export const auditEventItem = (e: AuditEvent): Item => ({
  ...keys.auditEvent(e.accountId, e.id),
  entity: 'AuditEvent',
  ...e,
  // listed by member (GSI1) and by type (GSI2), newest first
  ...(e.target.userId ? indexKeys.eventsByUser(e.accountId, e.target.userId, e.id) : {}),
  ...indexKeys.eventsByType(e.accountId, e.type, e.id),
  [TTL]: epoch(e.at) + AUDIT_RETENTION_SECONDS,
});
const auditEventFields = ['id', 'accountId', 'type', 'at', 'actor', 'target', 'details', 'unitPath'] as const;
export const fromAuditEventItem = (item: Item): AuditEvent => strip<AuditEvent>(item, auditEventFields);

const passwordResetFields = [
  'tokenHash',
  'identityId',
  'email',
  'status',
  'requestedBy',
  'sessionsValidAfter',
  'createdAt',
  'expiresAt',
  'purgeAt',
  'claimId',
  'claimedUntil',
] as const;
/** Like invitations: the link's expiry is `linkExpiresAt`; the TTL attribute is the purge time. */
export function passwordResetItem(r: PasswordReset): Item {
  const { expiresAt, ...rest } = r;
  return {
    ...keys.passwordReset(r.tokenHash),
    entity: 'PasswordReset',
    ...rest,
    linkExpiresAt: expiresAt,
    [TTL]: epoch(r.purgeAt),
  };
}
export const fromPasswordResetItem = (item: Item): PasswordReset =>
  strip<PasswordReset>({ ...item, expiresAt: item.linkExpiresAt }, passwordResetFields);
