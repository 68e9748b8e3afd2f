/**
 * Secrets a deployed function reads from Secrets Manager at run time, never from its environment: once per
 * container, then again after five minutes, so that a rotation reaches every container within that time.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { traceClient } from '#observability/tracing.ts';

const REFRESH_MS = 5 * 60_000;

/**
 * A loader around `fetchSecret`: one fetch per `refreshMs` however many requests, concurrent ones sharing it; `use`
 * turns a fetched value into what callers get (it runs once per fetch). An empty value or a failed fetch is not
 * cached: the next call tries again.
 */
export function cachedSecretLoader<T>(
  name: string,
  fetchSecret: () => Promise<string>,
  use: (value: string) => T,
  refreshMs = REFRESH_MS,
  now = Date.now,
): () => Promise<T> {
  let cached: { at: number; value: T } | undefined;
  let inFlight: Promise<T> | undefined;
  return async (): Promise<T> => {
    if (cached && now() - cached.at < refreshMs) return cached.value;
    inFlight ??= fetchSecret()
      .then((raw) => {
        if (!raw) throw new Error(`The ${name} secret is empty`);
        const value = use(raw);
        cached = { at: now(), value };
        return value;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
}

let client: SecretsManagerClient | undefined;

/** Reads the secret string of `secretId` (one client per container). */
export async function secretString(secretId: string | undefined): Promise<string> {
  client ??= traceClient(new SecretsManagerClient({}));
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  return out.SecretString ?? '';
}
