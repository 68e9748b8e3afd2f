/**
 * Every key of the single table, named after the access pattern it serves. No key string is written anywhere else.
 * The README's access-pattern table lists each of these with its cost.
 */
type Key = { PK: string; SK: string };

const account = (accountId: string) => `ACCOUNT#${accountId}`;

export const keys = {
  /** Account by id. */
  account: (accountId: string): Key => ({ PK: account(accountId), SK: 'ACCOUNT' }),
  /** User by id within an account. */
  user: (accountId: string, userId: string): Key => ({ PK: account(accountId), SK: `USER#${userId}` }),
  /** Uniqueness of a username within an account (released when the member is closed). */
  username: (accountId: string, username: string): Key => ({ PK: account(accountId), SK: `USERNAME#${username}` }),
  /** Uniqueness of an email within an account (one email, one member). */
  memberEmail: (accountId: string, email: string): Key => ({ PK: account(accountId), SK: `EMAIL#${email}` }),
  /** Invitation (or setup link) by id within an account. */
  invitation: (accountId: string, invitationId: string): Key => ({ PK: account(accountId), SK: `INVITATION#${invitationId}` }),
  /** Link token lookup by the token's hash: kept as long as the invitation, so a used link answers 410, not 404. */
  linkToken: (tokenHash: string): Key => ({ PK: `TOKEN#${tokenHash}`, SK: 'TOKEN' }),
  /** Identity partition: the profile plus one membership record per account, read in one Query on every request. */
  identityPartition: (identityId: string): string => `IDENTITY#${identityId}`,
  identity: (identityId: string): Key => ({ PK: `IDENTITY#${identityId}`, SK: 'PROFILE' }),
  membership: (identityId: string, accountId: string): Key => ({ PK: `IDENTITY#${identityId}`, SK: `MEMBERSHIP#${accountId}` }),
  membershipPrefix: 'MEMBERSHIP#',
  /** Identity by email: which person an email already is (uniqueness of identities). */
  identityByEmail: (email: string): Key => ({ PK: `EMAIL#${email}`, SK: 'IDENTITY' }),
  /** Audit event, newest first by ULID within the account's event partition. */
  auditEvent: (accountId: string, eventId: string): Key => ({ PK: `${account(accountId)}#EVENTS`, SK: `EVENT#${eventId}` }),
  /** Idempotency record of a create request. */
  idempotency: (scope: string, key: string): Key => ({ PK: `IDEMPOTENCY#${scope}#${key}`, SK: 'IDEMPOTENCY' }),
};

/** GSI keys, one function per access pattern. */
export const indexKeys = {
  /** GSI1 — users of an account by username (every status but closed). */
  usersByUsername: (accountId: string, username?: string, userId?: string) => ({
    GSI1PK: `${account(accountId)}#USERS`,
    ...(username !== undefined ? { GSI1SK: `${username}#${userId}` } : {}),
  }),
  /** GSI2 — users of an account with one status, by username. */
  usersByStatus: (accountId: string, status: string, username?: string, userId?: string) => ({
    GSI2PK: `${account(accountId)}#USERS#${status}`,
    ...(username !== undefined ? { GSI2SK: `${username}#${userId}` } : {}),
  }),
};
