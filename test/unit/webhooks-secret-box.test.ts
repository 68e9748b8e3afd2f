import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedSecretLoader } from '#adapters/secret-loader.ts';
import { aesGcmSecretBox, loadWebhookKey, webhookKeyFromHex } from '#adapters/webhook-secret-box.ts';
import { newWebhookSecret } from '#domain/webhook-signature.ts';

const CTX = 'acc1/wh1';
const keyHex = () => randomBytes(32).toString('hex');
const boxOf = (hex: string) => aesGcmSecretBox(async () => webhookKeyFromHex(hex));

describe('the webhook secret box (AES-256-GCM)', () => {
  it('seals as v1.<iv>.<tag>.<ciphertext> in base64url, never the secret in clear, and opens it again', async () => {
    const box = boxOf(keyHex());
    const secret = newWebhookSecret();
    const sealed = await box.seal(secret, CTX);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret.slice(6));
    expect(await box.open(sealed, CTX)).toBe(secret);
    // a fresh IV each time: the same secret sealed twice gives two values
    expect(await box.seal(secret, CTX)).not.toBe(sealed);
  });

  it('refuses a wrong key (the right key opens the same value: control)', async () => {
    const hex = keyHex();
    const sealed = await boxOf(hex).seal('whsec_abc', CTX);
    await expect(boxOf(keyHex()).open(sealed, CTX)).rejects.toThrow();
    await expect(boxOf(hex).open(sealed, CTX)).resolves.toBe('whsec_abc');
  });

  it('refuses any changed part: iv, tag, ciphertext, version or shape', async () => {
    const box = boxOf(keyHex());
    const sealed = await box.seal('whsec_abc', CTX);
    const [v, iv, tag, ct] = sealed.split('.');
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] ^= 1;
      return bytes.toString('base64url');
    };
    for (const tampered of [
      [v, flip(iv), tag, ct],
      [v, iv, flip(tag), ct],
      [v, iv, tag, flip(ct)],
      ['v2', iv, tag, ct],
      [v, iv, tag],
    ])
      await expect(box.open(tampered.join('.'), CTX), tampered.join('.')).rejects.toThrow();
    await expect(box.open(sealed, CTX)).resolves.toBe('whsec_abc');
  });

  it('binds the endpoint: a value copied to another endpoint does not open (its own does: control)', async () => {
    const box = boxOf(keyHex());
    const sealed = await box.seal('whsec_abc', 'acc1/wh1');
    await expect(box.open(sealed, 'acc1/wh2')).rejects.toThrow();
    await expect(box.open(sealed, 'acc2/wh1')).rejects.toThrow();
    await expect(box.open(sealed, 'acc1/wh1')).resolves.toBe('whsec_abc');
  });

  it('takes a key of exactly 64 hex characters', () => {
    expect(webhookKeyFromHex('ab'.repeat(32))).toHaveLength(32);
    for (const bad of ['', 'ab'.repeat(31), 'zz'.repeat(32), 'ab'.repeat(33)])
      expect(() => webhookKeyFromHex(bad)).toThrow(/64 hexadecimal/);
  });
});

describe('the webhook key', () => {
  const saved = { key: process.env.WEBHOOK_KEY, arn: process.env.WEBHOOK_KEY_SECRET_ARN };
  afterEach(() => {
    for (const [name, value] of [
      ['WEBHOOK_KEY', saved.key],
      ['WEBHOOK_KEY_SECRET_ARN', saved.arn],
    ] as const)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  });

  it('comes from WEBHOOK_KEY locally; without it (and without the secret ARN) nothing is sealed', async () => {
    delete process.env.WEBHOOK_KEY_SECRET_ARN;
    const hex = keyHex();
    process.env.WEBHOOK_KEY = hex;
    expect((await loadWebhookKey()).toString('hex')).toBe(hex);
    delete process.env.WEBHOOK_KEY;
    await expect(loadWebhookKey()).rejects.toThrow(/WEBHOOK_KEY_SECRET_ARN.*WEBHOOK_KEY/);
  });

  it('deployed: fetched once per container (concurrent calls share it), again after five minutes', async () => {
    let fetched = 0;
    let now = 1_000_000;
    const hexes = [keyHex(), keyHex()];
    const load = cachedSecretLoader(
      'webhook key',
      async () => hexes[fetched++],
      webhookKeyFromHex,
      5 * 60_000,
      () => now,
    );
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(a.toString('hex')).toBe(hexes[0]);
    now += 5 * 60_000 - 1;
    await load();
    expect(fetched).toBe(1);
    now += 1;
    expect((await load()).toString('hex')).toBe(hexes[1]);
    expect(fetched).toBe(2);
  });

  it('a malformed or empty secret is not cached: the next call fetches again', async () => {
    const answers = ['', 'not-hex', keyHex()];
    let calls = 0;
    const load = cachedSecretLoader('webhook key', async () => answers[calls++], webhookKeyFromHex);
    await expect(load()).rejects.toThrow(/empty/);
    await expect(load()).rejects.toThrow(/64 hexadecimal/);
    expect((await load()).toString('hex')).toBe(answers[2]);
    await load();
    expect(calls).toBe(3);
  });
});
