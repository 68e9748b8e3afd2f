import { isPerson } from '#domain/user.ts';
import type { LifecycleStore } from '#ports/users.ts';
import { GetCommand, QueryCommand } from './document.ts';
import type { Actor } from '#domain/invitation.ts';
import type { User } from '#domain/user.ts';
import { ulidIds } from '../runtime.ts';
import { ddb, tableName } from './client.ts';
import {
  attachmentsPage,
  closeMemberSteps,
  detachGroups,
  finishDetaching,
  pack,
  type DetachContext,
} from './close-member.ts';
import { identityByEmailItem, identityByEmailKey, identityItem, identityKey } from './entities/identity.ts';
import {
  PENDING_CLOSE_SHARDS,
  detachPendingMarker,
  fromUserItem,
  memberEmailKey,
  pendingCloses,
  scimExternalIdKey,
  scimNameKey,
  userKey,
  usernameKey,
} from './entities/user.ts';
import { queryInput } from './query.ts';
import { MAX_TRANSACTION_ITEMS, del, put, transact, type Step } from './transact.ts';
import { userUpdateSteps } from './user-store.ts';

const SYSTEM: Actor = { kind: 'system' };

/** The SCIM claims a closing member frees (held by them: a claim taken over meanwhile stays). */
function scimClaimDeletes(user: User): Step[] {
  const profile = user.scimProfile;
  const held = { ':u': user.id };
  const mine = 'attribute_not_exists(PK) OR userId = :u';
  return [
    ...(profile?.userName !== undefined
      ? [{ item: del(scimNameKey(user.accountId, profile.userName.toLowerCase()), mine, held) }]
      : []),
    ...(profile?.externalId !== undefined
      ? [{ item: del(scimExternalIdKey(user.accountId, profile.externalId), mine, held) }]
      : []),
  ];
}

const detachContext = (member: User, actor: Actor, at: string): DetachContext => ({
  member,
  actor,
  at,
  eventId: () => ulidIds.next(),
});

/** The steps with the closed user item carrying the detachPending marker (userUpdateSteps puts the user first). */
function withMarker(steps: Step[], user: User): Step[] {
  const [first, ...rest] = steps;
  const put = first.item.Put!;
  return [{ ...first, item: { Put: { ...put, Item: { ...put.Item, ...detachPendingMarker(user) } } } }, ...rest];
}

export const lifecycleStore: LifecycleStore = {
  async closeMember({ user, expectedVersion, revokeSessionsAt, activeManagersDelta, events, removeIdentity }) {
    const steps: Step[] = [
      // the user (closed, out of GSI1), its membership record (closed, revoked), the manager count, the events
      ...userUpdateSteps(user, expectedVersion, events, { revokeSessionsAt, activeManagersDelta }),
      // the username and email are free for the next member of this account
      { item: del(usernameKey(user.accountId, user.username), 'userId = :u', { ':u': user.id }) },
      // and so are their email aliases (at most 20; the closed record keeps them, as it keeps the username and email)
      ...(user.emailAliases ?? []).map((alias) => ({
        item: del(memberEmailKey(user.accountId, alias), 'userId = :u', { ':u': user.id }),
      })),
      // their SCIM userName and externalId too: the identity provider may create the same person again
      ...scimClaimDeletes(user),
      // a member of another type than person holds no email claim (its contact email is no sign-in)
      ...(isPerson(user)
        ? [{ item: del(memberEmailKey(user.accountId, user.email), 'userId = :u', { ':u': user.id }) }]
        : []),
      ...(removeIdentity
        ? [
            { item: del(identityKey(removeIdentity.id), 'attribute_exists(PK)') },
            { item: del(identityByEmailKey(removeIdentity.email), 'identityId = :i', { ':i': removeIdentity.id }) },
          ]
        : []),
    ];
    // the contributors' steps and the first page of the member's attachments, read in parallel
    const [contributed, first] = await Promise.all([closeMemberSteps(user, user.updatedAt), attachmentsPage(user)]);
    steps.push(...contributed.steps);
    if (steps.length > MAX_TRANSACTION_ITEMS)
      throw new Error(`Closing a member takes ${steps.length} items, more than one transaction holds`);
    const ctx = detachContext(user, events[0]?.actor ?? SYSTEM, user.updatedAt);
    // phase 1: as many attachments as fit ride in the closing transaction; the rest is marked for phase 2
    const groups = detachGroups(first.items, ctx);
    const [fitting] = pack(groups, MAX_TRANSACTION_ITEMS - steps.length);
    const inline = fitting ?? [];
    const pending = inline.length < groups.length || first.next !== undefined || contributed.more;
    const marked = pending ? withMarker(steps, user) : steps;
    try {
      await transact([...marked, ...inline.flat()]);
    } catch (error) {
      // an attachment changed under us (or a conflict): close without them, phase 2 reads them afresh
      if (inline.length === 0) throw error;
      await transact(withMarker(steps, user));
      await finishDetaching(ctx);
      return;
    }
    if (pending) await finishDetaching(ctx);
  },

  async finishClose(user, actor, at) {
    return finishDetaching(detachContext(user, actor, at));
  },

  async finishPendingCloses(max, actor, at) {
    const shards = Array.from({ length: PENDING_CLOSE_SHARDS }, (_, i) => String(i));
    const found = await Promise.all(
      shards.map((shard) => ddb.send(new QueryCommand(queryInput(pendingCloses, [shard], { limit: max })))),
    );
    const members = found
      .flatMap((out) => out.Items ?? [])
      .map(fromUserItem)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
      .slice(0, max);
    let finished = 0;
    // one at a time: a run's work stays bounded (max members, each ≤ a few passes over their collection)
    for (const member of members) {
      // the index is eventually consistent: read the member itself before detaching
      const { Item } = await ddb.send(
        new GetCommand({ TableName: tableName(), Key: userKey(member.accountId, member.id), ConsistentRead: true }),
      );
      if (!Item?.detachPending) continue;
      if (await finishDetaching(detachContext(fromUserItem(Item), actor, at))) finished += 1;
    }
    return { found: members.length, finished };
  },

  async restoreIdentity(identity) {
    await transact([
      { item: put(identityItem(identity), 'attribute_not_exists(PK)') },
      { item: put(identityByEmailItem(identity), 'attribute_not_exists(PK)') },
    ]);
  },
};
