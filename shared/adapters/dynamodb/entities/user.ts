/**
 * A member (User) and its two uniqueness claims in the account's partition: the username claim and the email claim
 * (held by the member, or before anyone accepted by the address's pending invitation).
 */
import { NO_CAPABILITIES, type Capabilities, type Grants, type User, type UserType } from '#domain/user.ts';
import {
  type Pattern,
  type EntityShape,
  type Item,
  type Key,
  type QueryPattern,
  indexEntry,
  indexNote,
  keyConditionOf,
  show,
  strip,
} from '../entity.ts';
import { accountPartition } from './account.ts';

export const userKey = (accountId: string, userId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `USER#${userId}`,
});
/** Uniqueness of a username within an account (released when the member is closed). */
export const usernameKey = (accountId: string, username: string): Key => ({
  PK: accountPartition(accountId),
  SK: `USERNAME#${username}`,
});
/**
 * Uniqueness of an email within an account: held by its member (`userId`) or, before anyone accepted, by the
 * email's pending invitation (`invitationId` + `claimExpiresAt`); an invitation's hold lapses when it expires.
 */
export const memberEmailKey = (accountId: string, email: string): Key => ({
  PK: accountPartition(accountId),
  SK: `EMAIL#${email}`,
});

/**
 * SCIM: a member's SCIM userName, lower case (case-insensitive uniqueness), held by members whose SCIM profile has a
 * userName (`userId`); deleted when they close. Lookup of `filter=userName eq …` with the username claim.
 */
export const scimNameKey = (accountId: string, lowerUserName: string): Key => ({
  PK: accountPartition(accountId),
  SK: `SCIMNAME#${lowerUserName}`,
});
/** SCIM: the identity provider's externalId of a member (exact, unique in the account), held by `userId`. */
export const scimExternalIdKey = (accountId: string, externalId: string): Key => ({
  PK: accountPartition(accountId),
  SK: `EXTID#USER#${externalId}`,
});

/** GSI1: users of an account by username (every status but closed). */
export const usersByUsername: QueryPattern<[accountId: string]> = {
  name: 'usersByUsername',
  index: 'GSI1',
  partition: (accountId) => `${accountPartition(accountId)}#USERS`,
  placeholders: ['<a>'],
  sortKey: 'none',
};

/** GSI2: users of an account with one status, by username. */
export const usersByStatus: QueryPattern<[accountId: string, status: string]> = {
  name: 'usersByStatus',
  index: 'GSI2',
  partition: (accountId, status) => `${accountPartition(accountId)}#USERS#${status}`,
  placeholders: ['<a>', '<status>'],
  sortKey: 'none',
};

/**
 * GSI3 (overloaded; users never carry invitation keys): members of an account by their unit's path, then username.
 * A subtree is the key prefix "<unitPath>", a unit's own members "<unitPath>#" (paths end in "/", and neither "/"
 * nor "#" occurs in ids or usernames). Not closed members.
 */
export const membersUnderPath: QueryPattern<[accountId: string]> & {
  sortKeyOf: (m: { unitPath: string; username: string; userId: string }) => string;
  prefix: (unitPath: string, includeDescendants: boolean) => string;
} = {
  name: 'membersUnderPath',
  index: 'GSI3',
  partition: (accountId) => `${accountPartition(accountId)}#MEMBERS`,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: '<unitPath>[#]',
  sortKeyOf: (m) => `${m.unitPath}#${m.username}#${m.userId}`,
  prefix: (unitPath, includeDescendants) => (includeDescendants ? unitPath : `${unitPath}#`),
};

/**
 * The member's item collection: everything a member owns sits under `USER#<userId>#` in the account's partition
 * (`SERVICE#<type>`, `NUMBER#<numberId>`, `DEVICE#<deviceId>`, `GROUP#<groupId>`, `APIKEY#<keyId>`). One consistent
 * Query lists it: closing a member detaches what it finds, `GET …/users/{u}?include=` shows it.
 */
export const memberItemCollection: QueryPattern<[accountId: string]> & { prefix: (userId: string) => string } = {
  name: 'memberItemCollection',
  index: 'table',
  partition: accountPartition,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: 'USER#<userId>#',
  consistent: true,
  prefix: (userId) => `USER#${userId}#`,
};

/**
 * The whole directory in one listing: every member item (`USER#<userId>`) of the account, each followed by its item
 * collection (`USER#<userId>#…`). Contiguous because user ids are ULIDs (fixed length, no character below `#`), so
 * `USER#<u>` < `USER#<u>#…` < `USER#<next u>`; and nothing else in the partition starts with `USER#` (the username
 * claims are `USERNAME#`). test/unit/member-export.test.ts checks both against every entity's key.
 */
export const membersWithItems: QueryPattern<[accountId: string]> & { prefix: string } = {
  name: 'membersWithItems',
  index: 'table',
  partition: accountPartition,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: 'USER#',
  prefix: 'USER#',
};

/** Shards of the pending-closes index: a burst of closes spreads over them; the scheduled job reads them all. */
export const PENDING_CLOSE_SHARDS = 4;

/**
 * GSI1 (overloaded; closed members have left usersByUsername, so their GSI1 attributes are free): closed members whose
 * attachments are still being detached (`detachPending`), by shard, oldest close first. Sparse: the entry goes when
 * the last attachment does.
 */
export const pendingCloses: QueryPattern<[shard: string]> & {
  shardOf: (userId: string) => string;
  sortKeyOf: (m: { accountId: string; userId: string; closedAt: string }) => string;
} = {
  name: 'pendingCloses',
  index: 'GSI1',
  partition: (shard) => `CLOSING#${shard}`,
  placeholders: ['<shard>'],
  sortKey: 'none',
  shardOf: (userId) => String([...userId].reduce((n, c) => n + c.charCodeAt(0), 0) % PENDING_CLOSE_SHARDS),
  sortKeyOf: (m) => `${m.closedAt}#${m.accountId}#${m.userId}`,
};

/** The marker a closed member carries while attachments remain: the flag and the pendingCloses entry. */
export const detachPendingMarker = (u: User): Item => ({
  detachPending: true,
  ...indexEntry(
    pendingCloses,
    [pendingCloses.shardOf(u.id)],
    pendingCloses.sortKeyOf({ ...u, userId: u.id, closedAt: u.updatedAt }),
  ),
});

/**
 * GSI4 (overloaded; users never carry the invitations' expiry keys): members of an account of one type, by username.
 * `hideSystemUsers` is the `person` partition. Not closed members. Records written before types carry no entry until
 * their next write (operations.md: the one-off backfill).
 */
export const usersByType: QueryPattern<[accountId: string, type: UserType]> = {
  name: 'usersByType',
  index: 'GSI4',
  partition: (accountId, type) => `${accountPartition(accountId)}#USERS#TYPE#${type}`,
  placeholders: ['<a>', '<type>' as UserType],
  sortKey: 'none',
};

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
  'friendlyName',
  'notes',
  'createdAt',
  'updatedAt',
  'version',
] as const;

export function userItem(u: User): Item {
  const listed = u.status !== 'closed';
  const sortKey = `${u.username}#${u.id}`;
  return {
    ...userKey(u.accountId, u.id),
    entity: 'User',
    ...u,
    // closed members leave the default listing and the unit listings; they stay listable by status
    ...(listed ? indexEntry(usersByUsername, [u.accountId], sortKey) : {}),
    ...indexEntry(usersByStatus, [u.accountId, u.status], sortKey),
    ...(listed ? indexEntry(usersByType, [u.accountId, u.type ?? 'person'], sortKey) : {}),
    ...(listed
      ? indexEntry(
          membersUnderPath,
          [u.accountId],
          membersUnderPath.sortKeyOf({ unitPath: u.unitPath, username: u.username, userId: u.id }),
        )
      : {}),
  };
}

/** Grants as stored; records from before scoped admins hold none. */
export const grantsFrom = (item: Item): Grants => ({
  role: item.role as Grants['role'],
  adminUnitIds: (item.adminUnitIds as string[] | undefined) ?? [],
  capabilities: { ...NO_CAPABILITIES, ...(item.capabilities as Partial<Capabilities> | undefined) },
  modules: (item.modules as Grants['modules'] | undefined) ?? [],
});

/** One object per member, filled in place (a page of 50 used to build and copy four per member). */
export function fromUserItem(item: Item): User {
  const user = strip<User>(item, userFields);
  Object.assign(user, grantsFrom(item));
  user.type = (item.type as UserType | undefined) ?? 'person';
  user.settings = (item.settings as User['settings'] | undefined) ?? {};
  user.emailAliases = (item.emailAliases as string[] | undefined) ?? [];
  if (item.detachPending) user.detachPending = true;
  // SCIM's fields exist only where SCIM (or a connection's settings) wrote them
  if (item.scim) user.scim = item.scim as User['scim'];
  if (item.scimProfile) user.scimProfile = item.scimProfile as User['scimProfile'];
  return user;
}

export const usernameClaimItem = (user: User): Item => ({
  ...usernameKey(user.accountId, user.username),
  entity: 'UsernameClaim',
  userId: user.id,
  // a member with a SCIM userName answers to that, not to their username: another may take it as a SCIM userName
  ...(user.scimProfile?.userName !== undefined ? { scimNamed: true } : {}),
});

/** The claim on a member's SCIM userName (lower case). */
export const scimNameClaimItem = (user: User, lowerUserName: string): Item => ({
  ...scimNameKey(user.accountId, lowerUserName),
  entity: 'ScimNameClaim',
  userId: user.id,
});

/** The claim on a member's SCIM externalId. */
export const scimExternalIdClaimItem = (user: User, externalId: string): Item => ({
  ...scimExternalIdKey(user.accountId, externalId),
  entity: 'ScimExternalIdClaim',
  userId: user.id,
});

/** The email claim held by a member; it also points at the member's current setup link. */
export const memberEmailClaimItem = (user: User, invitationId: string): Item => ({
  ...memberEmailKey(user.accountId, user.email),
  entity: 'EmailClaim',
  userId: user.id,
  invitationId,
});

/** An email alias's claim: the same key as a member's email claim, so one address reaches one member of the account. */
export const aliasClaimItem = (user: User, alias: string): Item => ({
  ...memberEmailKey(user.accountId, alias),
  entity: 'EmailClaim',
  userId: user.id,
  isAlias: true,
});

export const userEntities: EntityShape[] = [
  {
    name: 'User (member)',
    key: () => userKey('<accountId>', '<userId>'),
    notes: () =>
      [
        indexNote(usersByUsername, '<username>#<userId>', '(not closed)'),
        indexNote(usersByStatus, '<username>#<userId>'),
        indexNote(usersByType, '<username>#<userId>', '(not closed)'),
        indexNote(
          membersUnderPath,
          membersUnderPath.sortKeyOf({ unitPath: '<unitPath>', username: '<username>', userId: '<userId>' }),
          '(not closed): a subtree is the prefix `<unitPath>`, a unit’s own members `<unitPath>#`',
        ),
      ].join('; '),
  },
  {
    name: 'Username claim',
    key: () => usernameKey('<accountId>', '<username>'),
    notes: () =>
      '`userId`; `scimNamed` when the member has a SCIM userName (another member may then take this one as theirs)',
  },
  {
    name: 'SCIM userName claim',
    key: () => scimNameKey('<accountId>', '<lower userName>'),
    notes: () => 'held by the member whose SCIM userName this is, case-insensitively (`userId`); goes when they close',
  },
  {
    name: 'SCIM externalId claim (users)',
    key: () => scimExternalIdKey('<accountId>', '<externalId>'),
    notes: () => 'held by the member with this externalId (`userId`); goes when they close',
  },
  {
    name: 'Email claim',
    key: () => memberEmailKey('<accountId>', '<email>'),
    notes: () =>
      'held by the member (`userId`), by a member as an email alias (`userId`, `isAlias`), or by a pending invitation ' +
      "(`invitationId`, `claimExpiresAt`: the hold lapses when the link expires); `invitationId` also points at the member's current setup link",
  },
];

/**
 * The document's text (scripts/data-model.ts). Marked pure: its pending-closes entry interpolates a constant, which
 * esbuild cannot prove side-effect free, so without the mark every bundle importing this module carried the list.
 */
export const userPatterns = /* @__PURE__ */ ((): Pattern[] => [
  {
    name: 'user',
    summary: 'read a user',
    operation:
      'on `GET …/users/{u}` it comes with the authorization read (accessToAccount); writes and other routes: GetItem, consistent',
    index: 'table',
    keyCondition: () => show(userKey('<a>', '<u>')),
    roundTrips: '0 (1)',
    cost: '— (1 RCU)',
  },
  {
    query: usersByUsername,
    summary: 'one page of users by username',
    roundTrips: '1',
    cost: '~0.5 RCU per 4 KB (50 users ≈ 4 RCU); `Limit = limit + 1`',
  },
  {
    query: usersByStatus,
    summary: 'one page of users with a status',
    roundTrips: '1',
    cost: 'as usersByUsername',
  },
  {
    query: usersByType,
    summary: 'one page of users of one type (`?type=`; `?hideSystemUsers=true` is the person type)',
    roundTrips: '1',
    cost: 'as usersByUsername',
  },
  {
    name: 'createUser',
    summary: 'create a user with its setup link (the account for the mail comes with the authorization read)',
    operation:
      'TransactWriteItems: daily mail quota (conditional ADD), user, username claim, check that no other member ' +
      'holds the username as SCIM userName, email claim, invitation, token, event',
    index: 'table',
    keyCondition: () => `${show(userKey('<a>', '<u>'))}, ${show(usernameKey('<a>', '<username>'))}, …`,
    roundTrips: '1',
    cost: '14 WCU + 3 GSI',
  },
  {
    name: 'createNonPerson',
    summary: 'create a member of another type (system, conference bridge, …): active, no sign-in, no setup link',
    operation: 'TransactWriteItems: user, username claim, SCIM userName check (as createUser), unit count, event',
    index: 'table',
    keyCondition: () => `${show(userKey('<a>', '<u>'))}, ${show(usernameKey('<a>', '<username>'))}`,
    roundTrips: '1',
    cost: '≈ 8 WCU + 3 GSI',
  },
  {
    name: 'updateUser',
    summary: 'update a user (and its membership record)',
    operation: 'TransactWriteItems: user (version condition), membership, event(s)',
    index: 'table',
    keyCondition: () => show(userKey('<a>', '<u>')),
    roundTrips: '1',
    cost: '6–8 WCU + GSI',
  },
  {
    name: 'addOrRemoveAlias',
    summary: "add / remove a member's email alias",
    operation:
      'GetItem user; BatchGetItem scope (not for an account manager); TransactWriteItems: the address claim ' +
      '(add: not held by a member, an alias or a live invitation; remove: held by this member as an alias), user ' +
      '(version), membership, event',
    index: 'table',
    keyCondition: () => `${show(memberEmailKey('<a>', '<alias>'))}, ${show(userKey('<a>', '<u>'))}`,
    roundTrips:
      '2 (account manager: the member comes with the authorization read); 3 for an admin or delegate, +1 Query (delegationsHeldBy)',
    cost: '≈ 8 WCU + GSI',
  },
  {
    name: 'editMember',
    summary: 'edit a member, move them, change their grants',
    operation:
      'GetItem user; BatchGetItem (scope, units named; none for an account manager naming no unit); ' +
      "TransactWriteItems user (version), membership, both units' counts and a tree check when moved, event(s)",
    index: 'table',
    keyCondition: () => show(userKey('<a>', '<u>')),
    roundTrips:
      '3 (account manager, no unit named); 4 with a unit named or for an admin or delegate; ' +
      '+1 BatchGetItem when an admin moves a member (the MFA rule); +1 Query for an admin or delegate ' +
      '(delegationsHeldBy: the delegations the member holds); +1 BatchGetItem when the patch sets ' +
      'settings.allowedModules (the settings of their unit path)',
    cost: '≈ 6–12 WCU',
  },
  {
    name: 'deactivateOrReactivate',
    summary: 'deactivate / reactivate a member',
    operation:
      'GetItem user, Query identity, TransactWriteItems: user (version), membership (status, mark), ' +
      'manager count (if a manager), event',
    index: 'table',
    keyCondition: () => show(userKey('<a>', '<u>')),
    roundTrips: '3',
    cost: '≈ 8 WCU + 4 GSI; + 1–2 Cognito calls',
  },
  {
    name: 'closeMember',
    summary: 'close a member',
    operation:
      'GetItem user, Query identity; Query delegations ∥ Query memberItemCollection (first page); TransactWriteItems: user, ' +
      'membership, 2 claim deletes (+1 per email alias, +2 SCIM claims), manager count, event, identity + email lookup ' +
      '(last account), ' +
      'unit count, delegations, and as many detach steps (services, numbers, devices, group memberships) as fit in 100 ' +
      'items, with the detachPending marker if any are left; then the continuation: per page of 100, Query + ' +
      'TransactWriteItems of ≤ 100 items in parallel, a final UpdateItem removing the marker',
    index: 'table',
    keyCondition: () =>
      `${show(userKey('<a>', '<u>'))}, ${show(usernameKey('<a>', '<username>'))}, ${show(memberEmailKey('<a>', '<email>'))}`,
    roundTrips:
      '4 up to ~20 attachments (+1 Query when the identity goes); 150 attachments: 9 sequential (14 calls, measured)',
    cost: '≈ 14–18 WCU + GSI, + ≈ 2 WCU per item detached and its event; + InitiateAuth, AdminDeleteUser',
  },
  {
    query: memberItemCollection,
    summary:
      "a member's attachments (services, numbers, devices, group memberships, API keys): closing a member pages " +
      'through it to detach them; `GET …/users/{u}?include=` reads one page of it beside the settings read',
    roundTrips: '1 (include: in parallel with the settings BatchGetItem, so the read stays at 2)',
    cost: '~0.5 RCU per 4 KB (consistent: 1 RCU per 4 KB); `Limit` 100 per page when closing, 1 MB for include',
  },
  {
    query: membersWithItems,
    summary:
      'the directory export: every member with their services, phones and group memberships, member after member ' +
      '(a page of the export ends at a member boundary; its cursor is the last key of that member)',
    roundTrips: '1 per 1 MB read (+ the authorization read, the unit tree and the group names once)',
    cost: '~0.5 RCU per 4 KB (≈ 1 RCU per member with a few items)',
  },
  {
    query: pendingCloses,
    summary:
      'closed members whose attachments are still being detached (the continuation was interrupted): the scheduled ' +
      'cleanup reads every shard and finishes a bounded number of them per run',
    roundTrips: `${PENDING_CLOSE_SHARDS} (one Query per shard, in parallel) + per member: GetItem + the continuation`,
    cost: '~0.5 RCU per 4 KB',
  },
  {
    query: membersUnderPath,
    summary: "a unit's members / its subtree, one page (also the member rewrites of a move read it)",
    roundTrips: '3 (measured, with the authorization reads: BatchGetItem unit + scope)',
    cost: '~0.5 RCU per 4 KB; `Limit = limit + 1`',
  },
  {
    name: 'usersInScope',
    summary: "an admin's users, one page",
    operation: 'BatchGetItem scope; Query GSI3 per scope unit (the cursor names which)',
    index: 'GSI3',
    keyCondition: () => `${keyConditionOf(membersUnderPath)}, one scope root after another`,
    roundTrips: '3 (measured, with authorization)',
    cost: '~0.5 RCU per 4 KB',
  },
  {
    name: 'filteredInScope',
    summary: "an admin's events, invitations or `status=closed` users, one page",
    operation:
      "BatchGetItem scope; the account's Query with a FilterExpression on the recorded unit path, " +
      '`Limit = limit × window` (window 10, halved after a full page, doubled after a short one, carried in the ' +
      'cursor; never under `limit + 1`)',
    index: 'GSI2',
    keyCondition: () =>
      `${keyConditionOf(usersByStatus)}, filter begins_with(unitPath, <scope path>) (events, invitations: their own Queries)`,
    roundTrips: '3 (measured, with authorization)',
    cost: 'up to 10 × the items returned while the window is wide (≤ 1 MB, ≈ 128 RCU); about `limit + 1` once it has narrowed',
  },
  {
    name: 'memberWithSettings',
    summary: 'read a member (with effective settings and permissions)',
    operation:
      'the member rides in the authorization BatchGetItem (accessToAccount); BatchGetItem tree, unit, scope, ' +
      'delegation, settings of the path',
    index: 'table',
    keyCondition: () => show(userKey('<a>', '<u>')),
    roundTrips: '2 (measured, with authorization)',
    cost: '≤ 15 RCU',
  },
  {
    name: 'scimCreateUser',
    summary: 'SCIM POST /Users: a person with the SCIM claims (the account comes with the API key read)',
    operation:
      'BatchGetItem scope and placement unit (+ Query unitsOfTree with unitFromDepartment and a department); ' +
      'TransactWriteItems: mail quota (when mailed), user, username claim (`scimNamed`), SCIM userName claim, a check ' +
      "of the username equal to the userName's lower case (when it is another's), externalId claim, email claim, " +
      'invitation, token, unit count, tree check, event. A handle held by a SCIM-named member: the next one is ' +
      'tried; held by a non-person: GetItem of the holder, UpdateItem marking its claim `scimNamed` (conditional), ' +
      'the next one',
    index: 'table',
    keyCondition: () =>
      `${show(scimNameKey('<a>', '<lower userName>'))}, ${show(scimExternalIdKey('<a>', '<externalId>'))}, …`,
    roundTrips:
      '4 with the API key read and the rate limit (measured; +1 Query with unitFromDepartment and a department, ' +
      '+1 transaction per handle already taken)',
    cost: '≈ 20 WCU + 3 GSI; + SES',
  },
  {
    name: 'scimFindUser',
    summary: 'SCIM filter on userName, externalId or email: the claim, then the member and the scope read',
    operation:
      'userName: BatchGetItem of the SCIM userName claim and the username claim (a `scimNamed` username claim ' +
      'answers to another userName); externalId, email: GetItem of the claim; then GetItem user, BatchGetItem scope',
    index: 'table',
    keyCondition: () =>
      `${show(scimNameKey('<a>', '<lower userName>'))} + ${show(usernameKey('<a>', '<lower userName>'))}; ` +
      `${show(scimExternalIdKey('<a>', '<externalId>'))}; ${show(memberEmailKey('<a>', '<email>'))}`,
    roundTrips: '5 with the API key read and the rate limit (measured; 3 when no claim matches)',
    cost: '≈ 4 RCU',
  },
  {
    name: 'scimListUsers',
    summary:
      'SCIM GET /Users without a key term: every person of the statuses asked (`active eq` narrows them), by ' +
      'username, for an exact totalResults of those the system user may manage',
    operation:
      'Query usersByStatus per status (invited, active, deactivated) in parallel, every page, FilterExpression ' +
      'type = person; BatchGetItem of their units (100 per call, in parallel) for the scope decision',
    index: 'GSI2',
    keyCondition: () => `${keyConditionOf(usersByStatus)} (each status), filter type = person`,
    roundTrips:
      '4 with the API key read and the rate limit (measured: the three Queries in parallel), + 1 per further ' +
      '1 MB of members of one status',
    cost: '~0.5 RCU per 4 KB of every member of those statuses (1,000 members ≈ 1 MB ≈ 125 RCU), every page of a listing',
  },
  {
    name: 'scimUpdateUser',
    summary: 'SCIM PUT / PATCH /Users/{id}: profile, SCIM claims and status in one transaction',
    operation:
      'the member with the API key read (readsPathMember; a retry: GetItem), BatchGetItem scope, Query ' +
      'delegationsHeldBy; (+ Query identity when deactivating a member with a sign-in; + GetItem email claim and ' +
      'GetItem its invitation (the current setup link) when the email changes) TransactWriteItems: user (version), ' +
      'membership (status, revocation mark), a changed userName (new claim, check of that username, old claim ' +
      'deleted, own username claim marked `scimNamed` the first time), a changed externalId (new claim, old ' +
      'deleted), a changed email of an invited plain user (mail quota when mailed, old email claim deleted, new ' +
      'one, new invitation and token, the previous invitation revoked), event(s); Cognito after a status change, ' +
      'SES after an email change',
    index: 'table',
    keyCondition: () => `${show(userKey('<a>', '<u>'))}, ${show(scimNameKey('<a>', '<lower userName>'))}, …`,
    roundTrips:
      '5 with the API key read and the rate limit (measured; nothing changed: no transaction; +1 Query identity ' +
      'when a member with a sign-in is deactivated; +2 GetItem when the email changes)',
    cost: '≈ 6–14 WCU + GSI (an email move: ≈ +10 WCU)',
  },
  {
    name: 'scimDeleteUser',
    summary: 'SCIM DELETE /Users/{id}: closeMember without re-authentication, after the SCIM visibility read',
    operation:
      'the member with the API key read, BatchGetItem scope; then closeMember (its SCIM claims deleted with the ' +
      'username claim)',
    index: 'table',
    keyCondition: () => show(userKey('<a>', '<u>')),
    roundTrips: '10 calls, 8 in sequence, with the API key read and the rate limit (measured, no attachments)',
    cost: 'as closeMember, + 2 WCU per SCIM claim',
  },
  {
    name: 'activeAccountManagers',
    summary: "an account's active account managers (the mail when a failing webhook endpoint is disabled)",
    operation: 'Query of the active members with a FilterExpression on the role, every page',
    index: 'GSI2',
    keyCondition: () => `${keyConditionOf(usersByStatus)} (status active), filter role = account_manager`,
    roundTrips: '1 per 1 MB of active members',
    cost: '~0.5 RCU per 4 KB of active members (rare: once per disabled endpoint)',
  },
])();
