/** The API keys of system users: records under the member's item collection, with an exact count per member. */
import type { ApiKey } from '#domain/api-key.ts';
import type { AuditEvent } from '#domain/audit.ts';

export interface ApiKeyStore {
  /** The member's keys (expired ones too), read consistently, with the member's count of stored keys. */
  list(accountId: string, userId: string): Promise<{ keys: ApiKey[]; count: number }>;
  /**
   * One transaction: the new key, the removal of `purge` (expired keys), the event, and the member's count set to
   * `count - purge + 1` on condition that it still is `count` (a concurrent create or revoke: ApiKeyCountChangedError).
   */
  create(input: { key: ApiKey; count: number; purge: ApiKey[]; event: AuditEvent }): Promise<void>;
  /** One transaction: the key removed (it must exist: NotFoundError), the count down by one, the event. */
  revoke(key: ApiKey, event: AuditEvent): Promise<void>;
  /** Records a use: one conditional UpdateItem that holds only when the last recorded use is older than `staleBefore`. */
  touch(key: ApiKey, at: Date, staleBefore: Date): Promise<void>;
}

/** The member's count of keys changed between the read and the write: read again. */
export class ApiKeyCountChangedError extends Error {
  constructor() {
    super('The count of API keys changed');
    this.name = 'ApiKeyCountChangedError';
  }
}
