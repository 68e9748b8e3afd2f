import { settingNames } from '#config/env.ts';
import { useSealingSecret } from './sealing-keys.ts';
import { cachedSecretLoader, secretString } from './secret-loader.ts';

/**
 * Deployed, the secret behind the sealing keys (cursors, refresh grants, MFA sessions) is read from Secrets Manager
 * at run time, never from the function's environment (secret-loader.ts: once per container, again after five
 * minutes). Only the handlers that seal or open such values import this.
 */

/** A loader around `fetchSecret`: one fetch per `refreshMs` however many requests, concurrent ones sharing it. */
export const sealingSecretLoader = (fetchSecret: () => Promise<string>, refreshMs?: number, now?: () => number) =>
  cachedSecretLoader('sealing key', fetchSecret, useSealingSecret, refreshMs, now);

const fromSecretsManager = sealingSecretLoader(() => secretString(process.env[settingNames.sealingSecretArn]));

/** Before sealing or opening: loads the secret when deployed; locally the environment's setting is used as it is. */
export async function loadSealingKeys(): Promise<void> {
  if (!process.env[settingNames.sealingSecretArn]) return;
  await fromSecretsManager();
}
