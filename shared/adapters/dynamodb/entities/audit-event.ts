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
export const fromAuditEventItem = (item: Item): AuditEvent => strip<AuditEvent>(item, auditEventFields);

export const auditEventEntities: EntityShape[] = [
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
    name: 'writeEvent',
    summary: 'write an event',
    operation: "a Put in the change's transaction",
    index: 'table',
    keyCondition: () => `${eventsPartition('<a>')} / ${EVENT}<ulid> (not exists when recorded alone)`,
    roundTrips: '0 extra',
    cost: '2 WCU + 1 per GSI (GSI1 when it has a target member, GSI2 always)',
  },
];
