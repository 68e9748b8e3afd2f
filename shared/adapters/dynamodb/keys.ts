/**
 * Every key of the single table, named after the access pattern it serves. No key string is written anywhere else.
 * The README's access-pattern table lists each of these with its cost.
 */
type Key = { PK: string; SK: string };
const PROFILE = 'PROFILE';

const account = (accountId: string) => `ACCOUNT#${accountId}`;

export const keys = {
  /** Account by id. */
  account: (accountId: string): Key => ({ PK: account(accountId), SK: 'ACCOUNT' }),
  /** User by id within an account. */
  user: (accountId: string, userId: string): Key => ({ PK: account(accountId), SK: `USER#${userId}` }),
  /** Uniqueness of a username within an account (released when the member is closed). */
  username: (accountId: string, username: string): Key => ({ PK: account(accountId), SK: `USERNAME#${username}` }),
  /**
   * Uniqueness of an email within an account: held by its member (`userId`) or, before anyone accepted, by the
   * email's pending invitation (`invitationId` + `claimExpiresAt`); an invitation's hold lapses when it expires.
   */
  memberEmail: (accountId: string, email: string): Key => ({ PK: account(accountId), SK: `EMAIL#${email}` }),
  /** Race-safe daily count of an account's new invitations (the 500-a-day limit). */
  invitationQuota: (accountId: string, day: string): Key => ({ PK: account(accountId), SK: `INVITATION_QUOTA#${day}` }),
  /** Invitation (or setup link) by id within an account. */
  invitation: (accountId: string, invitationId: string): Key => ({
    PK: account(accountId),
    SK: `INVITATION#${invitationId}`,
  }),
  /** Link token lookup by the token's hash: kept as long as the invitation, so a used link answers 410, not 404. */
  linkToken: (tokenHash: string): Key => ({ PK: `TOKEN#${tokenHash}`, SK: 'TOKEN' }),
  /** Identity partition: the profile plus one membership record per account, read in one Query on every request. */
  identityPartition: (identityId: string): string => `IDENTITY#${identityId}`,
  identity: (identityId: string): Key => ({ PK: `IDENTITY#${identityId}`, SK: PROFILE }),
  /** The sort key of an identity's profile within its partition. */
  profileSk: 'PROFILE',
  membership: (identityId: string, accountId: string): Key => ({
    PK: `IDENTITY#${identityId}`,
    SK: `MEMBERSHIP#${accountId}`,
  }),
  membershipPrefix: 'MEMBERSHIP#',
  /** Identity by email: which person an email already is (uniqueness of identities). */
  identityByEmail: (email: string): Key => ({ PK: `EMAIL#${email}`, SK: 'IDENTITY' }),
  /** Audit event, newest first by ULID within the account's event partition. */
  auditEvent: (accountId: string, eventId: string): Key => ({
    PK: `${account(accountId)}#EVENTS`,
    SK: `EVENT#${eventId}`,
  }),
  /** Partition of an account's audit events (newest first by ULID). */
  auditEvents: (accountId: string): string => `${account(accountId)}#EVENTS`,
  eventPrefix: 'EVENT#',
  /**
   * How many MFA overrides below the account exist (units' and members' own `mfaRequired`): while 0, the account's
   * flag alone decides, and the per-request check reads nothing more. It may over-count (never under-count).
   */
  mfaOverrides: (accountId: string): Key => ({ PK: account(accountId), SK: 'MFA_OVERRIDES' }),
  /** Count of the account's active account managers: the last-manager guard decrements it only while it is > 1. */
  activeManagers: (accountId: string): Key => ({ PK: account(accountId), SK: 'ACTIVE_MANAGERS' }),
  /** Password reset link by the token's hash. */
  passwordReset: (tokenHash: string): Key => ({ PK: `RESET#${tokenHash}`, SK: 'RESET' }),
  /** Sliding-hour count of reset requests for one email (by its hash, so no address is stored for strangers). */
  resetRequests: (emailHash: string): Key => ({ PK: `RESET_RATE#${emailHash}`, SK: 'RESET_RATE' }),
  /** An identity partition no identity has (Cognito subs are UUIDs): the read an unknown email costs. */
  noIdentityPartition: 'IDENTITY#none',
  /** Idempotency record of a create request. */
  idempotency: (scope: string, key: string): Key => ({ PK: `IDEMPOTENCY#${scope}#${key}`, SK: 'IDEMPOTENCY' }),
  /**
   * Organisation tree partition: the tree item plus every unit of the account, read whole in one Query (a tree
   * listing, a move's snapshot), so a pending move's marker always arrives with the units it concerns.
   */
  orgTreePartition: (accountId: string): string => `${account(accountId)}#UNITS`,
  /** The account's tree: unit count (the 1,000 limit), structural revision, a pending move's marker. */
  orgTree: (accountId: string): Key => ({ PK: `${account(accountId)}#UNITS`, SK: 'TREE' }),
  /** Organisation unit by id. */
  orgUnit: (accountId: string, unitId: string): Key => ({ PK: `${account(accountId)}#UNITS`, SK: `UNIT#${unitId}` }),
  orgUnitPrefix: 'UNIT#',
  /** A unit's settings overrides by unit id (outside the tree partition: the tree Query does not read them). */
  unitSettings: (accountId: string, unitId: string): Key => ({ PK: account(accountId), SK: `UNIT_SETTINGS#${unitId}` }),
  /** Member `delegateUserId` administers member `userId` (delegated access); a Query by prefix lists U's delegates. */
  delegation: (accountId: string, userId: string, delegateUserId: string): Key => ({
    PK: account(accountId),
    SK: `DELEGATE#${userId}#${delegateUserId}`,
  }),
  delegationsOf: (userId: string): string => `DELEGATE#${userId}#`,
  /** The reverse record: whom member `delegateUserId` administers (so closing a delegate ends their delegations). */
  delegatedTo: (accountId: string, delegateUserId: string, userId: string): Key => ({
    PK: account(accountId),
    SK: `DELEGATED#${delegateUserId}#${userId}`,
  }),
  delegatedToPrefix: (delegateUserId: string): string => `DELEGATED#${delegateUserId}#`,
};

/** GSI keys, one function per access pattern. */
export const indexKeys = {
  /** GSI1 — users of an account by username (every status but closed). */
  usersByUsername: (accountId: string, username?: string, userId?: string) => ({
    GSI1PK: `${account(accountId)}#USERS`,
    ...(username !== undefined ? { GSI1SK: `${username}#${userId}` } : {}),
  }),
  /** GSI1 (overloaded) — an account's events about one member, newest first. */
  eventsByUser: (accountId: string, userId: string, eventId?: string) => ({
    GSI1PK: `${account(accountId)}#EVENTS#USER#${userId}`,
    ...(eventId !== undefined ? { GSI1SK: `EVENT#${eventId}` } : {}),
  }),
  /** GSI2 (overloaded) — an account's events of one type, newest first. */
  eventsByType: (accountId: string, type: string, eventId?: string) => ({
    GSI2PK: `${account(accountId)}#EVENTS#TYPE#${type}`,
    ...(eventId !== undefined ? { GSI2SK: `EVENT#${eventId}` } : {}),
  }),
  /**
   * GSI3 — an account's invitations by status. Pending and expired share the `OPEN` partition sorted by link expiry,
   * so "pending" (expiry > now) and "expired" (expiry <= now, kept 30 days) are each one key range: expiry is
   * enforced by the key condition, whether or not the cleanup has run. Accepted and revoked: by creation time.
   */
  invitationsByStatus: (
    accountId: string,
    bucket: 'OPEN' | 'accepted' | 'revoked',
    sortKey?: { at: string; invitationId: string },
  ) => ({
    GSI3PK: `${account(accountId)}#INVITATIONS#${bucket}`,
    ...(sortKey ? { GSI3SK: `${sortKey.at}#${sortKey.invitationId}` } : {}),
  }),
  /** GSI4 — sparse: pending invitations only, sharded, by link expiry: the cleanup reads just the expired ones. */
  invitationsExpiring: (shard: number, sortKey?: { expiresAt: string; accountId: string; invitationId: string }) => ({
    GSI4PK: `INVITATIONS#EXPIRING#${shard}`,
    ...(sortKey ? { GSI4SK: `${sortKey.expiresAt}#${sortKey.accountId}#${sortKey.invitationId}` } : {}),
  }),
  /**
   * GSI3 (overloaded; users never carry invitation keys) — members of an account by their unit's path, then
   * username: a subtree is the key prefix "<unitPath>", a unit's own members "<unitPath>#" (paths end in "/", and
   * neither "/" nor "#" occurs in ids or usernames). Not closed members.
   */
  membersByPath: (accountId: string, member?: { unitPath: string; username: string; userId: string }) => ({
    GSI3PK: `${account(accountId)}#MEMBERS`,
    ...(member ? { GSI3SK: `${member.unitPath}#${member.username}#${member.userId}` } : {}),
  }),
  /** GSI3 sort-key prefixes of a unit's subtree and of its own members. */
  membersUnder: (unitPath: string, includeDescendants: boolean): string =>
    includeDescendants ? unitPath : `${unitPath}#`,
  /** GSI2 — users of an account with one status, by username. */
  usersByStatus: (accountId: string, status: string, username?: string, userId?: string) => ({
    GSI2PK: `${account(accountId)}#USERS#${status}`,
    ...(username !== undefined ? { GSI2SK: `${username}#${userId}` } : {}),
  }),
};

/**
 * Sort-key bounds for time ranges on GSI3 (OPEN) and GSI4: `<iso time>#~` sorts after every key stamped with that
 * time ('~' is above any id character), so `<= bound(t)` means "expiry at or before t".
 */
export const timeBound = (iso: string): string => `${iso}#~`;

/** GSI4 is spread over this many partitions so that no single partition takes every invitation write. */
export const INVITATION_EXPIRY_SHARDS = 8;
export function invitationExpiryShard(invitationId: string): number {
  let h = 0;
  for (let i = 0; i < invitationId.length; i++) h = (h * 31 + invitationId.charCodeAt(i)) >>> 0;
  return h % INVITATION_EXPIRY_SHARDS;
}
