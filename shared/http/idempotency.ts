import { createHash } from 'node:crypto';
import type { Caller } from '#domain/caller.ts';
import { IdempotencyInProgressError, IdempotencyMismatchError, ValidationError } from '#domain/errors.ts';
import type { IdempotencyStore } from '#ports/idempotency.ts';
import type { Result } from './responses.ts';

const scopeOf = (caller: Caller): string =>
  caller.kind === 'member'
    ? caller.identity
      ? `identity:${caller.identity.id}`
      : `user:${caller.membership.accountId}/${caller.membership.userId}`
    : caller.kind === 'identity'
      ? `identity:${caller.identity.id}`
      : caller.kind;

/** Stable JSON: the same body with keys in another order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Idempotency-Key on create endpoints: the first request claims the key; a retry with the same body gets the
 * first response back; the same key with another body is 422; a retry while the first is running is 409.
 * Only successful responses are kept: a failed attempt releases the key so that the client may retry it.
 */
export async function withIdempotency(
  store: IdempotencyStore,
  clock: { now(): Date },
  req: { caller: Caller; key: string; method: string; path: string; body: unknown },
  run: () => Promise<Result>,
): Promise<Result> {
  if (!/^[\x21-\x7e]{1,255}$/.test(req.key))
    throw new ValidationError([{ path: 'Idempotency-Key', message: 'must be 1-255 printable ASCII characters' }]);
  const scope = `${scopeOf(req.caller)}:${req.method}:${req.path}`;
  const hash = createHash('sha256').update(canonical(req.body)).digest('base64url');
  const existing = await store.claim(scope, req.key, hash, clock.now());
  if (existing) {
    if (existing.requestHash !== hash) throw new IdempotencyMismatchError();
    if (existing.state !== 'completed' || !existing.response) throw new IdempotencyInProgressError();
    return { ...existing.response, headers: { ...existing.response.headers, 'idempotent-replayed': 'true' } };
  }
  let result: Result;
  try {
    result = await run();
  } catch (error) {
    await store.release(scope, req.key);
    throw error;
  }
  if (result.statusCode < 300) {
    await store.complete(
      scope,
      req.key,
      { statusCode: result.statusCode, headers: result.headers, body: String(result.body ?? '') },
      clock.now(),
    );
  } else {
    await store.release(scope, req.key);
  }
  return result;
}

/** What an idempotent route's wiring gives the pipeline (api.ts): the store and the clock, bound to withIdempotency. */
export interface Idempotency {
  run(
    req: { caller: Caller; key: string; method: string; path: string; body: unknown },
    run: () => Promise<Result>,
  ): Promise<Result>;
}

/**
 * `idempotency: idempotencyWith(idempotencyStore, systemClock)` in an idempotent route's wiring: the handler brings
 * this module, so the functions of other routes (most of them) bundle none of it.
 */
export const idempotencyWith = (store: IdempotencyStore, clock: { now(): Date }): Idempotency => ({
  run: (req, run) => withIdempotency(store, clock, req, run),
});
