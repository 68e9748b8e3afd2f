/** Domain entity <-> table item. Items carry their keys, an `entity` name, and for expiring things the TTL attribute. */
import type { Account } from '#domain/account.ts';
import { AUDIT_RETENTION_SECONDS, type AuditEvent } from '#domain/audit.ts';
import type { Identity, Membership } from '#domain/identity.ts';
import type { Invitation } from '#domain/invitation.ts';
import type { User } from '#domain/user.ts';
import { tableDefinition } from '#config/table.ts';
import { indexKeys, keys } from './keys.ts';

export type Item = Record<string, unknown>;
const TTL = tableDefinition.ttlAttribute;
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function strip<T>(item: Item, fields: readonly (keyof T)[]): T {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f as string] = item[f as string] ?? null;
  return out as T;
}

const accountFields = ['id', 'name', 'contactEmail', 'contactPhone', 'createdAt', 'updatedAt', 'version'] as const;
export const accountItem = (a: Account): Item => ({ ...keys.account(a.id), entity: 'Account', ...a });
export const fromAccountItem = (item: Item): Account => strip<Account>(item, accountFields);

const userFields = ['id', 'accountId', 'username', 'email', 'firstName', 'lastName', 'backupEmail', 'role', 'status',
  'countryCode', 'language', 'identityId', 'createdAt', 'updatedAt', 'version'] as const;
export function userItem(u: User): Item {
  return {
    ...keys.user(u.accountId, u.id),
    entity: 'User',
    ...u,
    // closed members leave the default listing; they stay listable by status
    ...(u.status === 'closed' ? {} : indexKeys.usersByUsername(u.accountId, u.username, u.id)),
    ...indexKeys.usersByStatus(u.accountId, u.status, u.username, u.id),
  };
}
export const fromUserItem = (item: Item): User => strip<User>(item, userFields);

const invitationFields = ['id', 'accountId', 'email', 'role', 'userId', 'status', 'tokenHash', 'invitedBy', 'createdAt',
  'expiresAt', 'purgeAt', 'delivery', 'resendCount', 'resentAt'] as const;
/** The domain's `expiresAt` (link expiry) is stored as `linkExpiresAt`; the table's TTL attribute is the purge time. */
export function invitationItem(i: Invitation): Item {
  const { expiresAt, ...rest } = i;
  return { ...keys.invitation(i.accountId, i.id), entity: 'Invitation', ...rest, linkExpiresAt: expiresAt, [TTL]: epoch(i.purgeAt) };
}
export const fromInvitationItem = (item: Item): Invitation =>
  strip<Invitation>({ ...item, expiresAt: item.linkExpiresAt }, invitationFields);

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
export const identityByEmailItem = (i: Identity): Item => ({ ...keys.identityByEmail(i.email), entity: 'IdentityEmail', identityId: i.id });

const membershipFields = ['accountId', 'userId', 'identityId', 'role', 'status', 'tokensValidAfter'] as const;
export const membershipItem = (m: Membership): Item => ({ ...keys.membership(m.identityId, m.accountId), entity: 'Membership', ...m });
export const fromMembershipItem = (item: Item): Membership => strip<Membership>(item, membershipFields);

export const auditEventItem = (e: AuditEvent): Item => ({
  ...keys.auditEvent(e.accountId, e.id),
  entity: 'AuditEvent',
  ...e,
  [TTL]: epoch(e.at) + AUDIT_RETENTION_SECONDS,
});
