/** TOTP code attempts of one identity in its current window (#domain/code-attempts.ts). */
import { MFA_CODE_ATTEMPTS, MFA_CODE_WINDOW_SECONDS } from '#domain/code-attempts.ts';
import type { EntityShape, Key, Pattern } from '../entity.ts';
import { show } from '../entity.ts';

/** A partition of its own: the identity partition is Queried on every request, and this counter stays out of it. */
export const codeAttemptsKey = (identityId: string): Key => ({
  PK: `CODE_ATTEMPTS#${identityId}`,
  SK: 'CODE_ATTEMPTS',
});

/** Attributes: `windowStart` (epoch seconds), `attempts` (places taken: wrong codes and codes being checked). */
export const CODE_ATTEMPTS_ENTITY = 'CodeAttempts';

export const codeAttemptEntities: EntityShape[] = [
  {
    name: 'TOTP code attempts of an identity (fixed window)',
    key: () => codeAttemptsKey('<sub>'),
    notes: () =>
      `windowStart, attempts (≤ ${MFA_CODE_ATTEMPTS}); TTL ${MFA_CODE_WINDOW_SECONDS / 60} min after the window began; ` +
      'a window that is over counts as gone before TTL deletes it',
  },
];

export const codeAttemptPatterns: Pattern[] = [
  {
    name: 'reserveCodeAttempt',
    summary: 'take a place before a TOTP code is checked (MFA sign-in, enrolment, MFA off)',
    operation:
      'UpdateItem SET a new window (if none or over), else UpdateItem ADD attempts 1 (if below the limit); GetItem for Retry-After when both refuse',
    index: 'table',
    keyCondition: () => show(codeAttemptsKey('<sub>')),
    roundTrips: '1 (a new window), 2 (within one), 3 (limited)',
    cost: '1 WCU per UpdateItem, 1 RCU for the GetItem',
  },
  {
    name: 'releaseCodeAttempt',
    summary: 'a right code gives its place back',
    operation: 'UpdateItem ADD attempts -1 (condition: the same window)',
    index: 'table',
    keyCondition: () => show(codeAttemptsKey('<sub>')),
    roundTrips: '1',
    cost: '1 WCU',
  },
];
