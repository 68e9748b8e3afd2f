import type { AuditEvent } from '#domain/audit.ts';
import type { Page, PageRequest } from './paging.ts';

export interface AuditStore {
  /** Events of an account, newest first; one Query per page. */
  /** `underPaths`: only events whose unit path lies in one of these subtrees (an admin's scope). */
  list(
    accountId: string,
    filter: { userId?: string; type?: string; underPaths?: string[] },
    page: PageRequest,
  ): Promise<Page<AuditEvent>>;
  /** Events that record no state change of their own (sign-ins), written on their own. */
  record(events: AuditEvent[]): Promise<void>;
  /**
   * Counts one more occurrence of what `key` names (e.g. one email's failed sign-ins in one minute) into one event per
   * account: the first occurrence's `build(newId)` events are written with `details.count` 1 (so they sort where
   * it happened); each later one raises their count and brings its details. Concurrent occurrences all count.
   */
  aggregate(key: string, at: Date, newId: string, build: (eventId: string) => AuditEvent[]): Promise<void>;
}
