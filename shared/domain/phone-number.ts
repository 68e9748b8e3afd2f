/**
 * A phone number an account holds (telephony). A number routes to one place, so it belongs to one account in the
 * whole deployment; inside the account it is assigned to at most one member (optionally to one of their services).
 */

/** Who a number rings: a member, and optionally one of the member's services (fax, SMS, voice). */
export interface NumberAssignment {
  userId: string;
  /** The member's service the number feeds; null: the member as a whole. */
  serviceId: string | null;
  assignedAt: string;
}

export interface PhoneNumber {
  id: string;
  accountId: string;
  /** E.164, normalised at the edge (`+` and digits only, e.g. `+12127345678`). */
  e164: string;
  label: string | null;
  assignment: NumberAssignment | null;
  /** The groups the number is shared with, sorted (at most MAX_NUMBER_SHARES). */
  groupIds: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A number as clients write it: `+`, then digits with spaces, dashes, dots or brackets between them. */
export const INTERNATIONAL_NUMBER_PATTERN = /^\+[0-9][0-9 ().-]{1,30}$/;

/** E.164 as stored: `+`, a non-zero country digit, at most 15 digits in all. */
export const E164_PATTERN = /^\+[1-9][0-9]{1,14}$/;

/** The number's assignment changes: nothing to write when it would stay the same. */
export const sameAssignment = (a: NumberAssignment | null, userId: string, serviceId: string | null): boolean =>
  a !== null && a.userId === userId && a.serviceId === serviceId;

/**
 * A number is shared with at most this many groups: deleting the number removes its shares in its own transaction
 * (two items each), which keeps that transaction far below DynamoDB's 100 items.
 */
export const MAX_NUMBER_SHARES = 20;

/** The number's groups with `groupId` added or removed, sorted. */
export const withGroup = (groupIds: readonly string[], groupId: string, shared: boolean): string[] =>
  [...new Set(shared ? [...groupIds, groupId] : groupIds.filter((g) => g !== groupId))].sort();
