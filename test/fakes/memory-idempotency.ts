/** In-memory IdempotencyStore with the DynamoDB adapter's rules: a day's retention, a minute's lock on a claim. */
import { epochSeconds } from '#domain/clock.ts';
import type { IdempotencyRecord, IdempotencyStore } from '#ports/idempotency.ts';

const RETENTION_SECONDS = 24 * 3600;
const LOCK_SECONDS = 60;

interface Stored extends IdempotencyRecord {
  expiresAt: number;
  lockedUntil?: number;
}

export class MemoryIdempotency implements IdempotencyStore {
  records = new Map<string, Stored>();

  async claim(scope: string, key: string, requestHash: string, now: Date): Promise<IdempotencyRecord | null> {
    const id = `${scope}#${key}`;
    const at = epochSeconds(now);
    const existing = this.records.get(id);
    const free =
      !existing || existing.expiresAt < at || (existing.state === 'in_progress' && (existing.lockedUntil ?? 0) < at);
    if (free) {
      this.records.set(id, {
        requestHash,
        state: 'in_progress',
        lockedUntil: at + LOCK_SECONDS,
        expiresAt: at + RETENTION_SECONDS,
      });
      return null;
    }
    const { requestHash: hash, state, response } = existing;
    return { requestHash: hash, state, ...(response ? { response } : {}) };
  }

  async complete(scope: string, key: string, response: NonNullable<IdempotencyRecord['response']>, now: Date) {
    const id = `${scope}#${key}`;
    const { lockedUntil: _lock, ...record } = this.records.get(id) ?? {
      requestHash: undefined as never,
      state: 'completed' as const,
      expiresAt: 0,
    };
    this.records.set(id, { ...record, state: 'completed', response, expiresAt: epochSeconds(now) + RETENTION_SECONDS });
  }

  async release(scope: string, key: string) {
    const id = `${scope}#${key}`;
    if (this.records.get(id)?.state === 'in_progress') this.records.delete(id);
  }
}
