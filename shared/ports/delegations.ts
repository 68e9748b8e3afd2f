/** Delegations: a member who administers another. */
import type { AuditEvent } from '#domain/audit.ts';
import type { Page, PageRequest } from './paging.ts';

export interface Delegation {
  accountId: string;
  /** The member administered. */
  userId: string;
  /** The member who administers them. */
  delegateUserId: string;
  createdAt: string;
}

export interface DelegationStore {
  /** Creates it unless it exists (then returns the stored one and `created: false`); the event only when created. */
  put(delegation: Delegation, event: AuditEvent): Promise<{ delegation: Delegation; created: boolean }>;
  /** false when there was no such delegation. */
  remove(accountId: string, userId: string, delegateUserId: string, event: AuditEvent): Promise<boolean>;
  list(accountId: string, userId: string, page: PageRequest): Promise<Page<Delegation>>;
}
