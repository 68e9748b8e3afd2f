import { hkdfSync } from 'node:crypto';
import { settingNames } from '#config/env.ts';

/**
 * What a sealed value is for. Each purpose has its own key, derived (HKDF-SHA256, the purpose as `info`) from one
 * secret: a value sealed for one purpose never opens for another, and a leak of one key tells nothing of the others.
 */
export type SealingPurpose = 'cursor' | 'refresh-grant' | 'mfa-session' | 'page-session';

let secret: string | undefined;
const keys = new Map<SealingPurpose, Buffer>();

export const deriveSealingKey = (from: string, purpose: SealingPurpose): Buffer =>
  Buffer.from(hkdfSync('sha256', Buffer.from(from, 'utf8'), Buffer.alloc(0), `switchboard/sealing/${purpose}/v1`, 32));

/** Sets the secret the keys derive from (the loader does, once per container and after a rotation). */
export function useSealingSecret(value: string): void {
  if (value === secret) return;
  secret = value;
  keys.clear();
}

/**
 * The key of `purpose`. Deployed, the handler loads the secret from Secrets Manager first (sealing-secret.ts); the
 * local runtime and the tests set it in the environment. Never placed in a deployed function's environment.
 */
export function sealingKey(purpose: SealingPurpose): Buffer {
  const from = secret ?? process.env[settingNames.cursorSecret];
  if (!from) throw new Error(`The ${purpose} sealing key is not loaded: the handler awaits loadSealingKeys() first`);
  if (from !== secret) useSealingSecret(from);
  const known = keys.get(purpose);
  if (known) return known;
  const key = deriveSealingKey(from, purpose);
  keys.set(purpose, key);
  return key;
}
