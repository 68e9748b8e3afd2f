/**
 * Members provisioned over SCIM: the claims that keep a SCIM userName and an externalId unique in the account
 * (conditional writes in the transaction that creates or changes the member, never read-then-write), the lookups a
 * filter makes on them, and the listing of persons by status (Queries only).
 */
import { GetCommand, UpdateCommand } from './document.ts';
import { ScimError, ScimRetryLaterError } from '#domain/scim/errors.ts';
import { logger } from '#observability/logger.ts';
import { ScimHandleTakenError, scimNameKey as lowerName } from '#domain/scim/user-resource.ts';
import { isPerson, USERNAME_PATTERN, type User } from '#domain/user.ts';
import type { Invitation } from '#domain/invitation.ts';
import type { DailyMailQuota } from '#ports/invitations.ts';
import type { ScimUserStore } from '#ports/scim-users.ts';
import { batchGet } from './batch-get.ts';
import { ddb, tableName } from './client.ts';
import { auditEventItem } from './entities/audit-event.ts';
import { fromInvitationItem, invitationItem, invitationKey, linkTokenItem } from './entities/invitation.ts';
import {
  fromUserItem,
  memberEmailClaimItem,
  memberEmailKey,
  scimExternalIdClaimItem,
  scimExternalIdKey,
  scimNameClaimItem,
  scimNameKey,
  userItem,
  userKey,
  usernameClaimItem,
  usernameKey,
  usersByStatus,
} from './entities/user.ts';
import { epoch, type Item } from './entity.ts';
import { quotaPlaceStep } from './invitation-quota.ts';
import { enterUnitSteps } from './member-placement.ts';
import { queryAll, queryInput } from './query.ts';
import { TRANSACTION_CONFLICT, again, done, retrying } from './retry.ts';
import { check, conditionHeld, del, put, transactWrite, update, type Step } from './transact.ts';
import { userUpdateSteps } from './user-store.ts';

const taken = (what: string) => new ScimError(409, 'uniqueness', `${what} is already taken in this account`);

/** A step whose failed condition is judged with the item as it was (`ALL_OLD` on a put). */
type ClaimStep = Omit<Step, 'onConditionFailed'> & { onConditionFailed?: (old: Item | undefined) => Error };

/** An attribute of an item a cancellation returned (the low-level form) or a plain one. */
const flag = (old: Item | undefined, name: string): boolean => {
  const v = old?.[name] as { BOOL?: boolean } | boolean | undefined;
  return v === true || (typeof v === 'object' && v?.BOOL === true);
};

/**
 * One transaction; a failed condition becomes the first failing step's error (the steps are ordered so that the
 * uniqueness claims come before the handle's), a transaction conflict is tried again.
 */
async function run(steps: ClaimStep[]): Promise<void> {
  await retrying(
    TRANSACTION_CONFLICT,
    async () => {
      const outcome = await transactWrite(steps.map((s) => s.item));
      if (outcome.ok) return done(undefined);
      for (const [i, reason] of outcome.reasons.entries()) {
        if (reason?.Code === 'ConditionalCheckFailed' && steps[i]?.onConditionFailed)
          throw steps[i].onConditionFailed!(reason.Item as Item | undefined);
      }
      if (!outcome.reasons.some((r) => r?.Code === 'TransactionConflict')) throw outcome.error;
      return again(outcome.error);
    },
    (cause) => {
      // the AWS error's text stays in the log (its name only: no item values), never in the answer
      logger.warn('SCIM user transaction still conflicting after retries', { error: (cause as Error)?.name });
      throw new ScimRetryLaterError('A concurrent change touched the same member; try again');
    },
  );
}

/** The SCIM userName's claim and, when its lower case is not the member's own username, the check on that handle. */
function scimNameSteps(user: User, held: 'new' | 'own'): ClaimStep[] {
  const name = user.scimProfile?.userName;
  if (name === undefined) return [];
  const l = lowerName(name);
  const mine = held === 'own' ? ' OR userId = :u' : '';
  const steps: ClaimStep[] = [
    {
      item: put(
        scimNameClaimItem(user, l),
        `attribute_not_exists(PK)${mine}`,
        held === 'own' ? { ':u': user.id } : undefined,
      ),
      onConditionFailed: () => taken(`The userName "${name}"`),
    },
  ];
  // a member's username is their SCIM userName unless they have one of their own (their claim is `scimNamed`)
  if (l !== user.username && USERNAME_PATTERN.test(l))
    steps.push({
      item: check(usernameKey(user.accountId, l), `attribute_not_exists(PK) OR scimNamed = :t${mine}`, {
        ':t': true,
        ...(held === 'own' ? { ':u': user.id } : undefined),
      }),
      onConditionFailed: () => taken(`The userName "${name}"`),
    });
  return steps;
}

const externalIdStep = (user: User, condition: string, values: Item = {}): ClaimStep[] => {
  const externalId = user.scimProfile?.externalId;
  if (externalId === undefined) return [];
  return [
    {
      item: put(scimExternalIdClaimItem(user, externalId), condition, Object.keys(values).length ? values : undefined),
      onConditionFailed: () => taken(`The externalId "${externalId}"`),
    },
  ];
};

/**
 * A member without a sign-in changes address: the old email claim goes, the new one is taken (as a new member's
 * would be), the new setup link (and its token) is written and the previous one revoked.
 */
function emailMoveSteps(
  user: User,
  before: User,
  link: { next: Invitation; revoked: Invitation | null; quota?: DailyMailQuota },
): ClaimStep[] {
  const at = epoch(user.updatedAt);
  return [
    ...(link.quota ? [quotaPlaceStep(user.accountId, link.quota, new Date(user.updatedAt))] : []),
    { item: del(memberEmailKey(user.accountId, before.email), 'userId = :u', { ':u': user.id }) },
    {
      item: put(
        memberEmailClaimItem(user, link.next.id),
        'attribute_not_exists(PK) OR (attribute_not_exists(userId) AND claimExpiresAt <= :now)',
        { ':now': at },
      ),
      onConditionFailed: () => taken(`The email ${user.email}`),
    },
    { item: put(invitationItem(link.next), 'attribute_not_exists(PK)') },
    { item: put(linkTokenItem(link.next), 'attribute_not_exists(PK)') },
    ...(link.revoked ? [{ item: put(invitationItem(link.revoked), 'attribute_exists(PK)') }] : []),
  ];
}

/** Persons of one status, every page of the status index (the type filtered in the Query). */
async function personsWithStatus(accountId: string, status: string): Promise<User[]> {
  const items = await queryAll((start) => {
    const input = queryInput(usersByStatus, [accountId, status], { start });
    return {
      ...input,
      // records from before member types have none: they are persons
      FilterExpression: 'attribute_not_exists(#type) OR #type = :person',
      ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#type': 'type' },
      ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':person': 'person' },
    };
  });
  return items.map(fromUserItem);
}

const order = (u: User) => `${u.username}#${u.id}`;

/** The handle a new member was to get is held by a member who has no SCIM userName of its own (not `scimNamed`). */
class HandleHeldError extends Error {
  constructor(readonly holderId: string) {
    super('handle held');
  }
}

/** A string attribute of an item a cancellation returned (the low-level form) or a plain one. */
const text = (old: Item | undefined, name: string): string => {
  const v = old?.[name] as { S?: string } | string | undefined;
  return typeof v === 'string' ? v : (v?.S ?? '');
};

/**
 * A handle equal to a userName is held by a member made outside SCIM. A person answers to it (the userName is
 * taken); a non-person (system user, call queue…) is never a SCIM User, so the filter finds nobody by that name: its
 * claim is marked `scimNamed` (conditionally, still its own), and the new member gets another handle.
 */
async function judgeHeldHandle(user: User, holderId: string): Promise<Error> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: tableName(), Key: userKey(user.accountId, holderId), ConsistentRead: true }),
  );
  if (!Item || isPerson(fromUserItem(Item))) return taken(`The userName "${user.scimProfile?.userName}"`);
  await conditionHeld(
    ddb.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: usernameKey(user.accountId, user.username),
        UpdateExpression: 'SET scimNamed = :t',
        ConditionExpression: 'userId = :h',
        ExpressionAttributeValues: { ':t': true, ':h': holderId },
      }),
    ),
  );
  return new ScimHandleTakenError(`The username ${user.username} is held by a member who is no SCIM User`);
}

export const scimUserStore: ScimUserStore = {
  async create({ user, invitation, event, quota }) {
    const at = epoch(user.createdAt);
    const handleIsName = user.username === lowerName(user.scimProfile?.userName ?? '');
    const steps: ClaimStep[] = [
      ...(quota ? [quotaPlaceStep(user.accountId, quota, new Date(user.createdAt))] : []),
      { item: put(userItem(user), 'attribute_not_exists(PK)') },
      ...scimNameSteps(user, 'new'),
      ...externalIdStep(user, 'attribute_not_exists(PK)'),
      {
        // as a member created otherwise: an expired invitation's hold on the address has lapsed
        item: put(
          memberEmailClaimItem(user, invitation.id),
          'attribute_not_exists(PK) OR (attribute_not_exists(userId) AND claimExpiresAt <= :now)',
          { ':now': at },
        ),
        onConditionFailed: () => taken(`The email ${user.email}`),
      },
      {
        item: {
          Put: {
            ...put(usernameClaimItem(user), 'attribute_not_exists(PK)').Put!,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        // held by someone who answers to another SCIM userName: another handle will do; else judged by its holder
        onConditionFailed: (old) =>
          !handleIsName || flag(old, 'scimNamed')
            ? new ScimHandleTakenError(`The username ${user.username} is taken`)
            : new HandleHeldError(text(old, 'userId')),
      },
      { item: put(invitationItem(invitation), 'attribute_not_exists(PK)') },
      { item: put(linkTokenItem(invitation), 'attribute_not_exists(PK)') },
      ...enterUnitSteps(user.accountId, user.unitId, user.unitPath),
      { item: put(auditEventItem(event)) },
    ];
    try {
      await run(steps);
    } catch (error) {
      if (error instanceof HandleHeldError) throw await judgeHeldHandle(user, error.holderId);
      throw error;
    }
  },

  async update(user, before, events, options = {}, link) {
    const [first, ...rest] = userUpdateSteps(user, before.version, events, options);
    const steps: ClaimStep[] = [first];
    if (link && user.email !== before.email) steps.push(...emailMoveSteps(user, before, link));
    const name = user.scimProfile?.userName;
    const was = before.scimProfile?.userName;
    if (name !== undefined && (was === undefined || lowerName(name) !== lowerName(was))) {
      steps.push(...scimNameSteps(user, 'own'));
      if (was !== undefined)
        steps.push({ item: del(scimNameKey(user.accountId, lowerName(was)), 'userId = :u', { ':u': user.id }) });
      // the member now answers to their SCIM userName: their username may become someone else's SCIM userName
      if (was === undefined)
        steps.push({
          item: update(usernameKey(user.accountId, user.username), 'SET scimNamed = :t', 'userId = :u', {
            ':t': true,
            ':u': user.id,
          }),
        });
    }
    const externalId = user.scimProfile?.externalId;
    const hadExternalId = before.scimProfile?.externalId;
    if (externalId !== hadExternalId) {
      steps.push(...externalIdStep(user, 'attribute_not_exists(PK) OR userId = :u', { ':u': user.id }));
      if (hadExternalId !== undefined)
        steps.push({
          item: del(scimExternalIdKey(user.accountId, hadExternalId), 'userId = :u', { ':u': user.id }),
        });
    }
    await run([...steps, ...rest]);
  },

  async currentLink(user) {
    const claim = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: memberEmailKey(user.accountId, user.email), ConsistentRead: true }),
    );
    const id = claim.Item?.userId === user.id ? (claim.Item.invitationId as string | undefined) : undefined;
    if (!id) return null;
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: invitationKey(user.accountId, id), ConsistentRead: true }),
    );
    return Item ? fromInvitationItem(Item) : null;
  },

  async findByUserName(accountId, userName) {
    const l = lowerName(userName);
    const [nameClaim, handleClaim] = [scimNameKey(accountId, l), usernameKey(accountId, l)];
    const items = await batchGet([nameClaim, handleClaim], { consistent: true });
    const named = items.find((i) => i.SK === nameClaim.SK);
    if (named) return String(named.userId);
    const handle = items.find((i) => i.SK === handleClaim.SK);
    return handle && !handle.scimNamed ? String(handle.userId) : null;
  },

  async findByExternalId(accountId, externalId) {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: scimExternalIdKey(accountId, externalId), ConsistentRead: true }),
    );
    return Item?.userId ? String(Item.userId) : null;
  },

  async findByEmail(accountId, email) {
    const { Item } = await ddb.send(
      new GetCommand({ TableName: tableName(), Key: memberEmailKey(accountId, email), ConsistentRead: true }),
    );
    return Item?.userId && !Item.isAlias ? String(Item.userId) : null;
  },

  async listPersons(accountId, statuses) {
    const found = await Promise.all(statuses.map((s) => personsWithStatus(accountId, s)));
    return found.flat().sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  },
};
