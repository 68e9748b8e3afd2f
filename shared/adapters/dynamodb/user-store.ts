import { GetCommand } from './document.ts';
import type { AuditEvent } from '#domain/audit.ts';
import { EmailTakenError, PreconditionFailedError, UsernameTakenError } from '#domain/errors.ts';
import type { Invitation } from '#domain/invitation.ts';
import type { User } from '#domain/user.ts';
import type { UserStore, UserUpdateOptions } from '#ports/users.ts';
import { activeManagersStep } from './active-managers.ts';
import { batchGet } from './batch-get.ts';
import { newDeviceSteps } from './device-store.ts';
import { ddb, tableName } from './client.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { membershipKey } from './entities/identity.ts';
import { invitationItem, linkTokenItem } from './entities/invitation.ts';
import {
  fromUserItem,
  memberEmailClaimItem,
  membersUnderPath,
  scimNameKey,
  userItem,
  userKey,
  usernameClaimItem,
  usersByStatus,
  usersByType,
  usersByUsername,
} from './entities/user.ts';
import { enterUnitSteps, leaveUnitStep, mfaOverridesStep } from './member-placement.ts';
import { quotaPlaceStep } from './invitation-quota.ts';
import { queryPage } from './query-page.ts';
import { check, put, transact, update, type Step } from './transact.ts';

const notExists = 'attribute_not_exists(PK)';

/** A member's claim on their username within the account (conditional: usernames are unique per account). */
export const usernameClaimStep = (user: User): Step => ({
  item: put(usernameClaimItem(user), 'attribute_not_exists(PK)'),
  onConditionFailed: () => new UsernameTakenError(`The username "${user.username}" is already taken in this account`),
});

/**
 * A username is also refused while it is (in lower case) another member's SCIM userName: a member answers to their
 * SCIM userName, so a second member answering to it as a username would make the userName ambiguous.
 */
export const scimNameFreeStep = (user: User): Step => ({
  item: check(scimNameKey(user.accountId, user.username.toLowerCase()), 'attribute_not_exists(PK) OR userId = :u', {
    ':u': user.id,
  }),
  onConditionFailed: () => new UsernameTakenError(`The username "${user.username}" is already taken in this account`),
});

/** The username's claim and the check that no other member answers to it as a SCIM userName. */
export const usernameClaimSteps = (user: User): Step[] => [usernameClaimStep(user), scimNameFreeStep(user)];

/** The items a new member consists of: the user, its two uniqueness claims (and the SCIM userName check), its setup link and the link's token lookup. */
export function newUserSteps(user: User, invitation: Invitation): Step[] {
  return [
    { item: put(userItem(user), notExists) },
    usernameClaimStep(user),
    scimNameFreeStep(user),
    {
      // the claim also points at the member's current setup link; an expired invitation's hold on the email has lapsed
      item: put(
        memberEmailClaimItem(user, invitation.id),
        `${notExists} OR (attribute_not_exists(userId) AND claimExpiresAt <= :now)`,
        { ':now': Math.floor(Date.parse(user.createdAt) / 1000) },
      ),
      onConditionFailed: () =>
        new EmailTakenError(`${user.email} is already a member of this account or has a pending invitation`),
    },
    { item: put(invitationItem(invitation), notExists) },
    { item: put(linkTokenItem(invitation), notExists) },
  ];
}

/** A member's record (GetItem, consistent). */
async function readUser(accountId: string, userId: string): Promise<User | null> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: tableName(), Key: userKey(accountId, userId), ConsistentRead: true }),
  );
  return Item ? fromUserItem(Item) : null;
}

/** Several members' records (BatchGetItem); missing ones are left out. */
async function readUsers(
  refs: { accountId: string; userId: string }[],
  options: { consistent?: boolean } = {},
): Promise<User[]> {
  return (
    await batchGet(
      refs.map((r) => userKey(r.accountId, r.userId)),
      options,
    )
  ).map(fromUserItem);
}

/** Members by username, status, type or unit path, one page (one Query). */
const listUsers: UserStore['list'] = async (accountId, { status, type, underPaths }, page) => {
  // one type's filter where another key narrows already: the status index (closed) or an admin's scope
  const ofType = type ? { attribute: 'type', equals: type } : undefined;
  if (underPaths) {
    // an admin's scope: by unit path, one scope root after another; closed members only on the status index
    if (status === 'closed') {
      return queryPage(
        {
          pattern: usersByStatus,
          key: [accountId, status],
          anyPrefix: { attribute: 'unitPath', prefixes: underPaths },
          filter: ofType,
        },
        page,
        fromUserItem,
      );
    }
    return queryPage(
      {
        pattern: membersUnderPath,
        key: [accountId],
        sortKeyPrefixes: underPaths,
        filter: status ? { attribute: 'status', equals: status } : ofType,
      },
      page,
      fromUserItem,
    );
  }
  if (type && status !== 'closed')
    return queryPage(
      {
        pattern: usersByType,
        key: [accountId, type],
        filter: status ? { attribute: 'status', equals: status } : undefined,
      },
      page,
      fromUserItem,
    );
  return status === undefined
    ? queryPage({ pattern: usersByUsername, key: [accountId] }, page, fromUserItem)
    : queryPage({ pattern: usersByStatus, key: [accountId, status], filter: ofType }, page, fromUserItem);
};

/** Members (not closed) of a unit, or of its subtree, one page (one Query). */
const listUsersUnder: UserStore['listUnder'] = (accountId, unitPath, includeDescendants, page) => {
  return queryPage(
    {
      pattern: membersUnderPath,
      key: [accountId],
      sortKeyPrefix: membersUnderPath.prefix(unitPath, includeDescendants),
    },
    page,
    fromUserItem,
  );
};

/** The member and its membership record together (version condition), with the counts and events it moves. */
const updateUser: UserStore['update'] = async (user, expectedVersion, events, options = {}) => {
  await transact(userUpdateSteps(user, expectedVersion, events, options));
};

/**
 * Narrow views of the store (UserReads, UserListings, UserEdits in #use-cases/deps.ts), for use cases that need
 * only part of it: a handler giving one bundles those operations alone, not the store's other writes and listings
 * (their transactions, unit counts, invitations and paging).
 */
export const userReads: Pick<UserStore, 'get' | 'getMany'> = { get: readUser, getMany: readUsers };
export const userListings: Pick<UserStore, 'get' | 'getMany' | 'list' | 'listUnder'> = {
  get: readUser,
  getMany: readUsers,
  list: listUsers,
  listUnder: listUsersUnder,
};
export const userEdits: Pick<UserStore, 'get' | 'getMany' | 'update'> = {
  get: readUser,
  getMany: readUsers,
  update: updateUser,
};

export const userStore: UserStore = {
  async create({ user, invitation, event, quota, device }) {
    await transact([
      quotaPlaceStep(user.accountId, quota, new Date(user.createdAt)),
      ...newUserSteps(user, invitation),
      ...enterUnitSteps(user.accountId, user.unitId, user.unitPath),
      { item: put(auditEventItem(event)) },
      ...(device ? [...newDeviceSteps(device.device), { item: put(auditEventItem(device.event)) }] : []),
    ]);
  },

  async createWithoutSignIn({ user, event, device }) {
    await transact([
      { item: put(userItem(user), notExists) },
      ...usernameClaimSteps(user),
      ...enterUnitSteps(user.accountId, user.unitId, user.unitPath),
      { item: put(auditEventItem(event)) },
      ...(device ? [...newDeviceSteps(device.device), { item: put(auditEventItem(device.event)) }] : []),
    ]);
  },

  get: readUser,
  list: listUsers,
  listUnder: listUsersUnder,

  getMany: readUsers,
  update: updateUser,
};

/** The steps of a user update: the user (version condition), its membership record, the manager count, the events. */
export function userUpdateSteps(
  user: User,
  expectedVersion: number,
  events: AuditEvent[],
  options: UserUpdateOptions = {},
): Step[] {
  const steps: Step[] = [
    {
      item: put(userItem(user), 'attribute_exists(PK) AND #v = :v', { ':v': expectedVersion }, { '#v': 'version' }),
      onConditionFailed: () => new PreconditionFailedError(),
    },
  ];
  if (user.identityId) {
    // keep the per-request authorization record in step with the user; its revocation mark moves only when asked
    steps.push({ item: updateMembership(user as User & { identityId: string }, options.revokeSessionsAt) });
  }
  if (options.movedFrom !== undefined && options.movedFrom !== user.unitId) {
    steps.push(
      ...(options.movedFrom ? [leaveUnitStep(user.accountId, options.movedFrom)] : []),
      ...enterUnitSteps(user.accountId, user.unitId, user.unitPath),
    );
  }
  steps.push(
    ...activeManagersStep(user.accountId, options.activeManagersDelta ?? 0),
    ...mfaOverridesStep(user.accountId, options.mfaOverrideDelta ?? 0),
  );
  for (const event of events) steps.push({ item: put(auditEventItem(event)) });
  return steps;
}

/** The membership record's role, status and grants, as the user's; the revocation mark only when asked. */
function updateMembership(user: User & { identityId: string }, revokeSessionsAt?: number) {
  const revoke = revokeSessionsAt !== undefined;
  return update(
    membershipKey(user.identityId, user.accountId),
    `SET #role = :role, #status = :status, #scope = :scope, #caps = :caps, #mods = :modules${revoke ? ', tokensValidAfter = :mark' : ''}`,
    'attribute_exists(PK)',
    {
      ':role': user.role,
      ':status': user.status,
      ':scope': user.adminUnitIds,
      ':caps': user.capabilities,
      ':modules': user.modules,
      ...(revoke ? { ':mark': revokeSessionsAt } : {}),
    },
    { '#role': 'role', '#status': 'status', '#scope': 'adminUnitIds', '#caps': 'capabilities', '#mods': 'modules' },
  );
}
