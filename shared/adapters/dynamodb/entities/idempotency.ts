/** Idempotency records of create requests (only with an `Idempotency-Key`), kept 24 hours. */
import { type Pattern, type EntityShape, type Key, show } from '../entity.ts';

export const idempotencyKey = (scope: string, key: string): Key => ({
  PK: `IDEMPOTENCY#${scope}#${key}`,
  SK: 'IDEMPOTENCY',
});

export const idempotencyEntities: EntityShape[] = [
  { name: 'Idempotency record', key: () => idempotencyKey('<scope>', '<key>'), notes: () => 'TTL 24 h' },
];

export const idempotencyPatterns: Pattern[] = [
  {
    name: 'idempotencyClaim',
    summary: 'idempotency claim / complete (only with `Idempotency-Key`)',
    operation: 'conditional PutItem, UpdateItem',
    index: 'table',
    keyCondition: () => show(idempotencyKey('<scope>', '<key>')),
    roundTrips: '2',
    cost: '2 WCU',
  },
];
