/**
 * Idempotency for a create whose answer carries a secret shown once (a webhook endpoint's signing secret): the kept
 * answer holds that field sealed (the SecretBox, bound to the idempotency record and the resource's id), never in
 * clear, and a replay opens it again, so that a client that lost the first answer gets the same body back.
 */
import type { IdempotencyStore } from '#ports/idempotency.ts';
import type { SecretBox } from '#ports/webhooks.ts';

const SEALED = '__sealed';

const contextOf = (scope: string, key: string, id: unknown) => `idempotency/${scope}/${key}/${String(id)}`;

export function sealingIdempotency(store: IdempotencyStore, box: SecretBox, field: string): IdempotencyStore {
  return {
    async claim(scope, key, requestHash, now) {
      const existing = await store.claim(scope, key, requestHash, now);
      if (!existing?.response) return existing;
      const body = JSON.parse(existing.response.body) as Record<string, unknown>;
      if (typeof body[SEALED] !== 'string') return existing;
      const { [SEALED]: sealed, ...rest } = body;
      const opened = { ...rest, [field]: await box.open(sealed as string, contextOf(scope, key, rest.id)) };
      return { ...existing, response: { ...existing.response, body: JSON.stringify(opened) } };
    },
    async complete(scope, key, response, now) {
      const body = JSON.parse(response.body) as Record<string, unknown>;
      const { [field]: secret, ...rest } = body;
      const kept =
        typeof secret === 'string'
          ? { ...rest, [SEALED]: await box.seal(secret, contextOf(scope, key, rest.id)) }
          : rest;
      await store.complete(scope, key, { ...response, body: JSON.stringify(kept) }, now);
    },
    release: (scope, key) => store.release(scope, key),
  };
}
