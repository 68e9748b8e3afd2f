/** Phone numbers of an account, their deployment-wide claim and their assignment to members. */
import type { AuditEvent } from '#domain/audit.ts';
import type { PhoneNumber } from '#domain/phone-number.ts';
import type { Page, PageRequest } from './paging.ts';

export interface NumberStore {
  /** One transaction: the deployment-wide claim of the e164 (NumberTakenError), the number, the event. */
  create(number: PhoneNumber, event: AuditEvent): Promise<void>;
  get(accountId: string, numberId: string): Promise<PhoneNumber | null>;
  /** The account's numbers in the order they were created (by id). */
  list(accountId: string, page: PageRequest): Promise<Page<PhoneNumber>>;
  /** The numbers assigned to a member: one Query of the member's item collection. */
  listAssignedTo(accountId: string, userId: string, page: PageRequest): Promise<Page<PhoneNumber>>;
  /**
   * One transaction: the number at `expectedVersion` (PreconditionFailedError otherwise, or when it is gone), its copy
   * in the holder's item collection moved from `previousHolder` to the new holder (or removed), and the events. A new
   * holder must exist and not be closed (ConflictError), checked in the same transaction.
   */
  update(
    number: PhoneNumber,
    expectedVersion: number,
    events: AuditEvent[],
    previousHolder: string | null,
  ): Promise<void>;
  /**
   * One transaction: the number at its version, its holder's copy, the released claim, its shares (each group's
   * sharedItemCount − 1), the event.
   */
  delete(number: PhoneNumber, event: AuditEvent): Promise<void>;
  /**
   * Shares the number with `groupId` (`shared: true`) or ends that share (`false`), in one transaction: `next` (whose
   * `groupIds` gains or loses the group) at `expectedVersion` (PreconditionFailedError otherwise), its holder's copy,
   * the share item put or deleted, the group's sharedItemCount ± 1 (the group must exist: NotFoundError), the event.
   */
  share(next: PhoneNumber, expectedVersion: number, groupId: string, shared: boolean, event: AuditEvent): Promise<void>;
}
