/**
 * Idempotency for a create whose answer carries a secret shown once: the kept answer never holds it in clear, a replay
 * answers it again, and a kept value moved to another key or resource does not open.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sealingIdempotency } from '#adapters/sealed-idempotency.ts';
import { aesGcmSecretBox } from '#adapters/webhook-secret-box.ts';
import { newWebhookSecret } from '#domain/webhook-signature.ts';
import { MemoryIdempotency } from '../fakes/memory-idempotency.ts';

const now = new Date('2026-12-04T12:00:00Z');
const box = aesGcmSecretBox(async () => randomKey);
const randomKey = randomBytes(32);

function answered(secret: string, id = 'W1') {
  return {
    statusCode: 201,
    headers: { etag: '"1"' },
    body: JSON.stringify({ id, url: 'https://hooks.example.com/x', secret }),
  };
}

describe('sealed idempotency', () => {
  it('keeps the secret sealed, never in clear, and a replay answers the first body, secret included', async () => {
    const memory = new MemoryIdempotency();
    const store = sealingIdempotency(memory, box, 'secret');
    const secret = newWebhookSecret();
    expect(await store.claim('s', 'k', 'h', now)).toBeNull();
    await store.complete('s', 'k', answered(secret), now);

    const kept = [...memory.records.values()][0].response!.body;
    expect(kept).not.toContain(secret);
    expect(kept).not.toContain(secret.slice('whsec_'.length));
    expect(JSON.parse(kept)).not.toHaveProperty('secret');

    const replay = await store.claim('s', 'k', 'h', now);
    expect(JSON.parse(replay!.response!.body)).toEqual(JSON.parse(answered(secret).body));
    expect(replay!.response!.statusCode).toBe(201);
  });

  it('a kept answer moved under another key does not open (positive control: under its own it does)', async () => {
    const memory = new MemoryIdempotency();
    const store = sealingIdempotency(memory, box, 'secret');
    await store.claim('s', 'k1', 'h', now);
    await store.complete('s', 'k1', answered(newWebhookSecret()), now);
    await store.claim('s', 'k2', 'h', now);
    // the record of k1, copied onto k2
    const k1 = memory.records.get('s#k1')!;
    memory.records.set('s#k2', { ...k1 });
    await expect(store.claim('s', 'k2', 'h', now)).rejects.toThrow();
    await expect(store.claim('s', 'k1', 'h', now)).resolves.toMatchObject({ state: 'completed' });
  });

  it('an answer without the field is kept as it is', async () => {
    const memory = new MemoryIdempotency();
    const store = sealingIdempotency(memory, box, 'secret');
    await store.claim('s', 'k', 'h', now);
    const plain = { statusCode: 201, headers: {}, body: JSON.stringify({ id: 'W2' }) };
    await store.complete('s', 'k', plain, now);
    expect([...memory.records.values()][0].response!.body).toBe(plain.body);
    expect((await store.claim('s', 'k', 'h', now))!.response!.body).toBe(plain.body);
  });
});
