/** Idempotency keys of retried requests. */

export interface IdempotencyRecord {
  requestHash: string;
  state: 'in_progress' | 'completed';
  response?: { statusCode: number; headers: Record<string, string>; body: string };
}

export interface IdempotencyStore {
  /** Claims the key; returns the existing record when the key is already claimed (and not expired). */
  claim(scope: string, key: string, requestHash: string, now: Date): Promise<IdempotencyRecord | null>;
  complete(scope: string, key: string, response: NonNullable<IdempotencyRecord['response']>, now: Date): Promise<void>;
  release(scope: string, key: string): Promise<void>;
}
