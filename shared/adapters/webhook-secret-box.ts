/**
 * Webhook signing secrets at rest: sealed with AES-256-GCM under the deployment's webhook key, as
 * `v1.<iv>.<tag>.<ciphertext>` (base64url). A wrong key or a changed byte fails the tag: opening throws, never returns
 * something else. The endpoint the secret belongs to (`context`) is bound as additional authenticated data: a sealed
 * value copied to another endpoint fails the tag too. The key (64 hex characters) is read from Secrets Manager when
 * deployed (`WEBHOOK_KEY_SECRET_ARN`, cached like the sealing secret), from `WEBHOOK_KEY` locally.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { eventSettingNames } from '#config/env.ts';
import type { SecretBox } from '#ports/webhooks.ts';
import { cachedSecretLoader, secretString } from './secret-loader.ts';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The 32-byte key its hex text stands for (anything else is a deployment error, said without the value). */
export function webhookKeyFromHex(hex: string): Buffer {
  const trimmed = hex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(trimmed)) throw new Error('The webhook key must be 64 hexadecimal characters');
  return Buffer.from(trimmed, 'hex');
}

/** A SecretBox under the key `key()` gives (asked on every call: a loader caches it). */
export function aesGcmSecretBox(key: () => Promise<Buffer>): SecretBox {
  return {
    async seal(secret, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', await key(), iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), ciphertext]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    async open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('Not a sealed webhook secret');
      const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, 'base64url'));
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('Not a sealed webhook secret');
      const decipher = createDecipheriv('aes-256-gcm', await key(), iv, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      // final() throws when the tag does not match (wrong key, changed bytes)
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    },
  };
}

const fromSecretsManager = cachedSecretLoader(
  'webhook key',
  () => secretString(process.env[eventSettingNames.webhookKeySecretArn]),
  webhookKeyFromHex,
);

let local: { hex: string; key: Buffer } | undefined;

/** The webhook key: Secrets Manager when deployed, the environment locally; neither is a deployment error. */
export async function loadWebhookKey(): Promise<Buffer> {
  if (process.env[eventSettingNames.webhookKeySecretArn]) return fromSecretsManager();
  const hex = process.env[eventSettingNames.webhookKey];
  if (!hex)
    throw new Error(
      `Set ${eventSettingNames.webhookKeySecretArn} (deployed) or ${eventSettingNames.webhookKey} (local)`,
    );
  if (local?.hex !== hex) local = { hex, key: webhookKeyFromHex(hex) };
  return local.key;
}

export const webhookSecretBox: SecretBox = aesGcmSecretBox(loadWebhookKey);
