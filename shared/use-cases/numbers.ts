/**
 * Phone numbers of an account (telephony). Who may do what:
 * - account managers add, relabel and delete numbers, and assign them to anyone;
 * - admins read every number of the account (the inventory is the account's), and assign and unassign numbers to
 *   and from members they manage (a re-assignment needs both the old and the new holder to be theirs);
 * - anyone who may read a member reads the numbers assigned to them; other members see no inventory;
 * - account managers and admins with manageUsers share numbers with groups (a group belongs to the account, and
 *   those are who administer groups).
 */
import { assertAccountManager, assertMayBrowse } from '#domain/authorization.ts';
import { auditEvent } from '#domain/audit.ts';
import { actorOf, type MemberCaller } from '#domain/caller.ts';
import {
  assertIfMatch,
  ConflictError,
  NotFoundError,
  ShareLimitReachedError,
  ValidationError,
} from '#domain/errors.ts';
import { assertMayChangeGroups } from '#domain/group.ts';
import { MAX_NUMBER_SHARES, sameAssignment, withGroup, type PhoneNumber } from '#domain/phone-number.ts';
import type { User } from '#domain/user.ts';
import type { NumberStore } from '#ports/numbers.ts';
import type { Page } from '#ports/paging.ts';
import type { PhoneNumbering } from '#ports/phone-numbering.ts';
import type { AccessDeps } from './access.ts';
import type { Deps, UserReads } from './deps.ts';
import { retryWithoutIfMatch } from './retries.ts';
import { manageableMember, readableMember } from './users.ts';

/** What the reads need; the writes also need the clock and ids. */
/** Every number operation but the listings takes the store without them (the handler then bundles no paging). */
export type NumberReadDeps = { users: UserReads } & AccessDeps & {
    numbers: Omit<NumberStore, 'list' | 'listAssignedTo'>;
  };
type NumberListDeps<K extends 'list' | 'listAssignedTo'> = { users: UserReads } & AccessDeps & {
    numbers: Pick<NumberStore, K>;
  };
export type NumberDeps = NumberReadDeps & Pick<Deps, 'clock' | 'ids'>;
/** Adding a number also checks it against the numbering plans. */
export type CreateNumberDeps = NumberDeps & { numbering: PhoneNumbering };

export interface NewNumberInput {
  /** In international format; stored as E.164. */
  e164: string;
  label?: string | null;
}

type NumberEvent =
  | 'number.created'
  | 'number.updated'
  | 'number.deleted'
  | 'number.assigned'
  | 'number.unassigned'
  | 'number.shared'
  | 'number.unshared';

function numberEvent(
  deps: Pick<Deps, 'ids'>,
  caller: MemberCaller,
  type: NumberEvent,
  n: PhoneNumber,
  at: string,
  about: { member?: User; details?: Record<string, unknown> } = {},
) {
  return auditEvent(deps.ids, {
    accountId: n.accountId,
    type,
    at,
    actor: actorOf(caller),
    target: about.member ? { userId: about.member.id } : {},
    ...(about.member ? { unitPath: about.member.unitPath } : {}),
    details: { numberId: n.id, e164: n.e164, ...about.details },
  });
}

export async function createNumber(
  deps: CreateNumberDeps,
  caller: MemberCaller,
  input: NewNumberInput,
): Promise<PhoneNumber> {
  assertAccountManager(caller);
  const e164 = deps.numbering.toE164(input.e164);
  if (!e164)
    throw new ValidationError([
      { path: 'e164', message: 'must be a valid phone number for its country, without an extension' },
    ]);
  const now = deps.clock.now().toISOString();
  const number: PhoneNumber = {
    id: deps.ids.next(),
    accountId: caller.membership.accountId,
    e164,
    label: input.label ?? null,
    assignment: null,
    groupIds: [],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await deps.numbers.create(number, numberEvent(deps, caller, 'number.created', number, now));
  return number;
}

export async function listNumbers(
  deps: NumberListDeps<'list'>,
  caller: MemberCaller,
  query: { limit?: number; cursor?: string },
): Promise<Page<PhoneNumber>> {
  assertMayBrowse(caller);
  return deps.numbers.list(caller.membership.accountId, { limit: query.limit ?? 50, cursor: query.cursor });
}

async function numberNamed(deps: NumberReadDeps, caller: MemberCaller, numberId: string, ifMatch?: number) {
  const number = await deps.numbers.get(caller.membership.accountId, numberId);
  if (!number) throw new NotFoundError('No such number in this account');
  assertIfMatch(ifMatch, number.version);
  return number;
}

export async function getNumber(deps: NumberReadDeps, caller: MemberCaller, numberId: string): Promise<PhoneNumber> {
  assertMayBrowse(caller);
  return numberNamed(deps, caller, numberId);
}

export async function updateNumber(
  deps: NumberDeps,
  caller: MemberCaller,
  numberId: string,
  patch: { label?: string | null },
  ifMatch?: number,
): Promise<PhoneNumber> {
  assertAccountManager(caller);
  return retryWithoutIfMatch(ifMatch, async () => {
    const current = await numberNamed(deps, caller, numberId, ifMatch);
    const changed = patch.label !== undefined && patch.label !== current.label ? ['label'] : [];
    if (changed.length === 0) return current;
    const at = deps.clock.now().toISOString();
    const next: PhoneNumber = { ...current, label: patch.label ?? null, updatedAt: at, version: current.version + 1 };
    const event = numberEvent(deps, caller, 'number.updated', next, at, { details: { changed } });
    await deps.numbers.update(next, current.version, [event], current.assignment?.userId ?? null);
    return next;
  });
}

export async function deleteNumber(
  deps: NumberDeps,
  caller: MemberCaller,
  numberId: string,
  ifMatch?: number,
): Promise<void> {
  assertAccountManager(caller);
  await retryWithoutIfMatch(ifMatch, async () => {
    const current = await numberNamed(deps, caller, numberId, ifMatch);
    const at = deps.clock.now().toISOString();
    const details = {
      ...(current.assignment ? { assignedTo: current.assignment.userId } : {}),
      ...(current.groupIds.length > 0 ? { groupIds: current.groupIds } : {}),
    };
    await deps.numbers.delete(current, numberEvent(deps, caller, 'number.deleted', current, at, { details }));
  });
}

/** The member a number is assigned to or from: account managers any member; admins only members they manage. */
const holderFor = (deps: NumberDeps, caller: MemberCaller, userId: string): Promise<User> =>
  manageableMember(deps, caller, userId);

/**
 * PUT …/numbers/{n}/assignment: assigns the number to a member (and optionally one of their services), or moves it
 * from its holder to another in one transaction. Assigning it again as it is changes nothing.
 */
export async function assignNumber(
  deps: NumberDeps,
  caller: MemberCaller,
  numberId: string,
  input: { userId: string; serviceId?: string | null },
  ifMatch?: number,
): Promise<PhoneNumber> {
  assertMayBrowse(caller);
  const serviceId = input.serviceId ?? null;
  return retryWithoutIfMatch(ifMatch, async () => {
    const current = await numberNamed(deps, caller, numberId, ifMatch);
    const member = await holderFor(deps, caller, input.userId);
    if (member.status === 'closed') throw new ConflictError('A closed member cannot be assigned a number');
    // a named service must be a live service of this member: checked in the assignment's own transaction (409)
    const previous = current.assignment;
    if (sameAssignment(previous, member.id, serviceId)) return current;
    const from = previous && previous.userId !== member.id ? await holderFor(deps, caller, previous.userId) : null;
    const at = deps.clock.now().toISOString();
    const next: PhoneNumber = {
      ...current,
      assignment: { userId: member.id, serviceId, assignedAt: at },
      updatedAt: at,
      version: current.version + 1,
    };
    const events = [
      ...(from ? [numberEvent(deps, caller, 'number.unassigned', next, at, { member: from })] : []),
      numberEvent(deps, caller, 'number.assigned', next, at, {
        member,
        details: { serviceId, ...(from ? { fromUserId: from.id } : {}) },
      }),
    ];
    await deps.numbers.update(next, current.version, events, previous?.userId ?? null);
    return next;
  });
}

/** DELETE …/numbers/{n}/assignment: the number rings nobody. Unassigning a number nobody holds changes nothing. */
export async function unassignNumber(
  deps: NumberDeps,
  caller: MemberCaller,
  numberId: string,
  ifMatch?: number,
): Promise<void> {
  assertMayBrowse(caller);
  await retryWithoutIfMatch(ifMatch, async () => {
    const current = await numberNamed(deps, caller, numberId, ifMatch);
    if (!current.assignment) return;
    const from = await holderFor(deps, caller, current.assignment.userId);
    const at = deps.clock.now().toISOString();
    const next: PhoneNumber = { ...current, assignment: null, updatedAt: at, version: current.version + 1 };
    const event = numberEvent(deps, caller, 'number.unassigned', next, at, { member: from });
    await deps.numbers.update(next, current.version, [event], current.assignment.userId);
  });
}

/** GET …/users/{u}/numbers: whoever may read the member (themselves included). */
export async function listUserNumbers(
  deps: NumberListDeps<'listAssignedTo'>,
  caller: MemberCaller,
  userId: string,
  query: { limit?: number; cursor?: string },
): Promise<Page<PhoneNumber>> {
  await readableMember(deps, caller, userId);
  return deps.numbers.listAssignedTo(caller.membership.accountId, userId, {
    limit: query.limit ?? 50,
    cursor: query.cursor,
  });
}

/**
 * PUT …/numbers/{n}/groups/{g}: idempotent, like adding a group member. A new share counts once on the group
 * (`shared: true`, 201); sharing a number that is already shared changes and counts nothing (`shared: false`, 200). A
 * number is shared with at most MAX_NUMBER_SHARES groups (409 share_limit_reached); a group of another account or none
 * is 404. The share changes the number (its `groupIds`), so its version moves.
 */
export async function shareNumber(
  deps: NumberDeps,
  caller: MemberCaller,
  numberId: string,
  groupId: string,
): Promise<{ number: PhoneNumber; shared: boolean }> {
  assertMayChangeGroups(caller);
  return retryWithoutIfMatch(undefined, async () => {
    const current = await numberNamed(deps, caller, numberId);
    if (current.groupIds.includes(groupId)) return { number: current, shared: false };
    if (current.groupIds.length >= MAX_NUMBER_SHARES)
      throw new ShareLimitReachedError(`A number is shared with at most ${MAX_NUMBER_SHARES} groups`);
    const at = deps.clock.now().toISOString();
    const groupIds = withGroup(current.groupIds, groupId, true);
    const next: PhoneNumber = { ...current, groupIds, updatedAt: at, version: current.version + 1 };
    const event = numberEvent(deps, caller, 'number.shared', next, at, { details: { groupId } });
    await deps.numbers.share(next, current.version, groupId, true, event);
    return { number: next, shared: true };
  });
}

/** DELETE …/numbers/{n}/groups/{g}: 204; a number that is not shared with that group (or no such group) is 404. */
export async function unshareNumber(
  deps: NumberDeps,
  caller: MemberCaller,
  numberId: string,
  groupId: string,
): Promise<void> {
  assertMayChangeGroups(caller);
  await retryWithoutIfMatch(undefined, async () => {
    const current = await numberNamed(deps, caller, numberId);
    if (!current.groupIds.includes(groupId)) throw new NotFoundError('The number is not shared with this group');
    const at = deps.clock.now().toISOString();
    const groupIds = withGroup(current.groupIds, groupId, false);
    const next: PhoneNumber = { ...current, groupIds, updatedAt: at, version: current.version + 1 };
    const event = numberEvent(deps, caller, 'number.unshared', next, at, { details: { groupId } });
    await deps.numbers.share(next, current.version, groupId, false, event);
  });
}
