/** Audit events: one partition per account, newest first by ULID; listed by member on GSI1 and by type on GSI2. */
import { AUDIT_RETENTION_SECONDS, type AuditEvent } from '#domain/audit.ts';
import {
  type Pattern,
  type EntityShape,
  type Item,
  type Key,
  type QueryPattern,
  TTL,
  epoch,
  indexEntry,
  indexNote,
  show,
  strip,
} from '../entity.ts';
import { accountPartition } from './account.ts';

const eventsPartition = (accountId: string): string => `${accountPartition(accountId)}#EVENTS`;
const EVENT = 'EVENT#';

export const auditEventKey = (accountId: string, eventId: string): Key => ({
  PK: eventsPartition(accountId),
  SK: `${EVENT}${eventId}`,
});

const pageCost = '~0.5 RCU per 4 KB (50 events ≈ 3 RCU); `Limit = limit + 1`';

/** The account's whole event partition, newest first. */
export const eventsOfAccount: QueryPattern<[accountId: string]> & { prefix: string } = {
  name: 'eventsOfAccount',
  index: 'table',
  partition: eventsPartition,
  placeholders: ['<a>'],
  sortKey: 'begins_with',
  sortKeyValue: EVENT,
  prefix: EVENT,
  newestFirst: true,
};

/** GSI1 (overloaded): an account's events about one member, newest first. */
export const eventsOfMember: QueryPattern<[accountId: string, userId: string]> = {
  name: 'eventsOfMember',
  index: 'GSI1',
  partition: (accountId, userId) => `${eventsPartition(accountId)}#USER#${userId}`,
  placeholders: ['<a>', '<u>'],
  sortKey: 'none',
  newestFirst: true,
};

/** GSI2 (overloaded): an account's events of one type, newest first. */
export const eventsOfType: QueryPattern<[accountId: string, type: string]> = {
  name: 'eventsOfType',
  index: 'GSI2',
  partition: (accountId, type) => `${eventsPartition(accountId)}#TYPE#${type}`,
  placeholders: ['<a>', '<type>'],
  sortKey: 'none',
  newestFirst: true,
};

/** The account's events from a point in time on, oldest first (a webhook replay pages through it). */
export const eventsSince: QueryPattern<[accountId: string]> = {
  name: 'eventsSince',
  index: 'table',
  partition: eventsPartition,
  placeholders: ['<a>'],
  sortKey: 'between',
  sortKeyValue: `${EVENT}<ulid time of since> AND ${EVENT}~`,
};
/** The sort-key range of events at or after `sinceTime` (a ULID's first ten characters). */
export const eventsSinceRange = (sinceTime: string): [string, string] => [`${EVENT}${sinceTime}`, `${EVENT}~`];
/** The position a page of `eventsSince` goes on after (an ExclusiveStartKey need not exist). */
export const eventPosition = (accountId: string, eventId: string): Key => auditEventKey(accountId, eventId);

export const auditEventItem = (e: AuditEvent): Item => {
  const sortKey = `${EVENT}${e.id}`;
  return {
    ...auditEventKey(e.accountId, e.id),
    entity: 'AuditEvent',
    ...e,
    // listed by member (GSI1) and by type (GSI2), newest first
    ...(e.target.userId ? indexEntry(eventsOfMember, [e.accountId, e.target.userId], sortKey) : {}),
    ...indexEntry(eventsOfType, [e.accountId, e.type], sortKey),
    [TTL]: epoch(e.at) + AUDIT_RETENTION_SECONDS,
  };
};
const auditEventFields = ['id', 'accountId', 'type', 'at', 'actor', 'target', 'details', 'unitPath'] as const;
/** An aggregated event's count lives beside its details (UpdateItem ADD needs a top-level number); served in them. */
const COUNT = 'aggregateCount';
export const fromAuditEventItem = (item: Item): AuditEvent => {
  const event = strip<AuditEvent>(item, auditEventFields);
  return typeof item[COUNT] === 'number' ? { ...event, details: { ...event.details, count: item[COUNT] } } : event;
};

/**
 * The tally of something aggregated into one event per account (an email's failed sign-ins in one minute), by a hash
 * of what it counts (no address is stored): the id its events got from the first occurrence, and the count.
 */
export const aggregateTallyKey = (keyHash: string): Key => ({ PK: `AGGREGATE#${keyHash}`, SK: 'AGGREGATE' });
export const AGGREGATE_TALLY_SECONDS = 3600;

/**
 * Writes an aggregated event with the tally's count: created by the first write (its `at` stays the first
 * occurrence's), a later one brings its details and count only while its count is higher (concurrent writers can
 * arrive out of order; the highest count wins).
 */
export function aggregatedAuditEventUpdate(
  e: AuditEvent,
  count: number,
): { key: Key; expression: string; condition: string; values: Record<string, unknown>; names: Record<string, string> } {
  const { PK: _pk, SK: _sk, at: _at, [TTL]: _ttl, ...fields } = auditEventItem(e);
  const entries = Object.entries({ ...fields, [TTL]: epoch(e.at) + AUDIT_RETENTION_SECONDS }).filter(
    ([, value]) => value !== undefined,
  );
  const names: Record<string, string> = { '#at': 'at', '#count': COUNT };
  const values: Record<string, unknown> = { ':at': e.at, ':count': count };
  const sets = entries.map(([name, value], i) => {
    names[`#f${i}`] = name;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  return {
    key: auditEventKey(e.accountId, e.id),
    expression: `SET ${[...sets, '#at = if_not_exists(#at, :at)', '#count = :count'].join(', ')}`,
    condition: 'attribute_not_exists(#count) OR #count < :count',
    values,
    names,
  };
}

export const auditEventEntities: EntityShape[] = [
  {
    name: 'Tally of an aggregated event (failed sign-ins of an email in a minute)',
    key: () => aggregateTallyKey('<sha256(type, email, minute)>'),
    notes: () => `eventId (of the first occurrence), count; TTL ${AGGREGATE_TALLY_SECONDS / 60} min`,
  },
  {
    name: 'Audit event',
    key: () => auditEventKey('<accountId>', '<ulid>'),
    notes: () =>
      `${indexNote(eventsOfMember, `${EVENT}<ulid>`, '(with a target member)')}; ` +
      `${indexNote(eventsOfType, `${EVENT}<ulid>`)}; TTL ${AUDIT_RETENTION_SECONDS / 86400} days`,
  },
];

export const auditEventPatterns: Pattern[] = [
  {
    query: eventsOfAccount,
    summary: "one page of an account's events",
    roundTrips: '1',
    cost: pageCost,
  },
  {
    query: eventsOfMember,
    summary:
      "one page of a member's events (with a type: filtered on it, over the adaptive read window of an admin's listings)",
    roundTrips: '1 (+1 GetItem user for `/users/{u}/events`)',
    cost: pageCost,
  },
  {
    query: eventsOfType,
    summary: "one page of an account's events of one type",
    roundTrips: '1',
    cost: pageCost,
  },
  {
    query: eventsSince,
    summary: "a page of an account's events from a time on, oldest first (a webhook replay: 100 a page)",
    roundTrips: '1 per page',
    cost: pageCost,
  },
  {
    name: 'writeEvent',
    summary: 'write an event',
    operation: "a Put in the change's transaction",
    index: 'table',
    keyCondition: () => `${eventsPartition('<a>')} / ${EVENT}<ulid> (not exists when recorded alone)`,
    roundTrips: '0 extra',
    cost: '2 WCU + 1 per GSI (GSI1 when it has a target member, GSI2 always)',
  },
  {
    name: 'aggregateEvent',
    summary: 'count a failed sign-in into the one event per email and minute (in each account of the person)',
    operation:
      'UpdateItem tally (ADD count, eventId if_not_exists), then per account in parallel UpdateItem the event (at: if_not_exists, aggregateCount if higher)',
    index: 'table',
    keyCondition: () =>
      `${show(aggregateTallyKey('<sha256(email, minute)>'))}, ${eventsPartition('<a>')} / ${EVENT}<ulid>`,
    roundTrips: '2',
    cost: '1 WCU + (2 WCU + 1 per GSI) per account',
  },
];
