/** API keys in memory, with the same count rule as the DynamoDB adapter (count as read, or ApiKeyCountChangedError). */
import type { ApiKey } from '#domain/api-key.ts';
import type { AuditEvent } from '#domain/audit.ts';
import { NotFoundError } from '#domain/errors.ts';
import { ApiKeyCountChangedError, type ApiKeyStore } from '#ports/api-keys.ts';

export class MemoryApiKeys {
  keys = new Map<string, ApiKey>();
  counts = new Map<string, number>();
  touches = 0;
  /** Runs once, just before the next create's write (a concurrent change between its read and its write). */
  beforeNextCreate: (() => void) | null = null;

  constructor(private readonly events: AuditEvent[]) {}

  private member = (k: { accountId: string; userId: string }) => `${k.accountId}/${k.userId}`;

  store: ApiKeyStore = {
    list: async (accountId, userId) => ({
      keys: [...this.keys.values()].filter((k) => k.accountId === accountId && k.userId === userId),
      count: this.counts.get(`${accountId}/${userId}`) ?? 0,
    }),
    create: async ({ key, count, purge, event }) => {
      const hook = this.beforeNextCreate;
      this.beforeNextCreate = null;
      hook?.();
      if ((this.counts.get(this.member(key)) ?? 0) !== count) throw new ApiKeyCountChangedError();
      for (const k of purge) this.keys.delete(`${this.member(k)}/${k.id}`);
      this.keys.set(`${this.member(key)}/${key.id}`, key);
      this.counts.set(this.member(key), count - purge.length + 1);
      this.events.push(event);
    },
    revoke: async (key, event) => {
      if (!this.keys.delete(`${this.member(key)}/${key.id}`)) throw new NotFoundError();
      this.counts.set(this.member(key), (this.counts.get(this.member(key)) ?? 1) - 1);
      this.events.push(event);
    },
    touch: async (key, at, staleBefore) => {
      const stored = this.keys.get(`${this.member(key)}/${key.id}`);
      if (!stored || (stored.lastUsedAt !== null && stored.lastUsedAt >= staleBefore.toISOString())) return;
      this.touches++;
      this.keys.set(`${this.member(key)}/${key.id}`, { ...stored, lastUsedAt: at.toISOString() });
    },
  };

  /** Closing a member revokes their keys (the close hook's APIKEY detacher), the count following. */
  detachMember(
    user: { accountId: string; id: string },
    event: (type: string, details: Record<string, unknown>) => AuditEvent,
  ): number {
    let n = 0;
    for (const [k, key] of this.keys) {
      if (key.accountId !== user.accountId || key.userId !== user.id) continue;
      this.keys.delete(k);
      this.counts.set(this.member(key), (this.counts.get(this.member(key)) ?? 1) - 1);
      this.events.push(event('api_key.revoked', { keyId: key.id, name: key.name, prefix: key.prefix }));
      n += 1;
    }
    return n;
  }
}
