import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { settingNames } from '#config/env.ts';
import { traceClient } from '#observability/tracing.ts';
import { useSealingSecret } from './sealing-keys.ts';

/**
 * Deployed, the secret behind the sealing keys (cursors, refresh grants, MFA sessions) is read from Secrets Manager
 * at run time, never from the function's environment: once per container, then again after five minutes, so that a
 * rotation reaches every container within that time. Only the handlers that seal or open such values import this.
 */
const REFRESH_MS = 5 * 60_000;

/** A loader around `fetchSecret`: one fetch per `refreshMs` however many requests, concurrent ones sharing it. */
export function sealingSecretLoader(fetchSecret: () => Promise<string>, refreshMs = REFRESH_MS, now = Date.now) {
  let cached: { at: number } | undefined;
  let inFlight: Promise<void> | undefined;
  return async (): Promise<void> => {
    if (cached && now() - cached.at < refreshMs) return;
    inFlight ??= fetchSecret()
      .then((value) => {
        if (!value) throw new Error('The sealing key secret is empty');
        useSealingSecret(value);
        cached = { at: now() };
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

let client: SecretsManagerClient | undefined;
const fromSecretsManager = sealingSecretLoader(async () => {
  client ??= traceClient(new SecretsManagerClient({}));
  const out = await client.send(new GetSecretValueCommand({ SecretId: process.env[settingNames.sealingSecretArn] }));
  return out.SecretString ?? '';
});

/** Before sealing or opening: loads the secret when deployed; locally the environment's setting is used as it is. */
export async function loadSealingKeys(): Promise<void> {
  if (!process.env[settingNames.sealingSecretArn]) return;
  await fromSecretsManager();
}
