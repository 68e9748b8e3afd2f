import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { settingNames } from '#config/env.ts';
import { traceClient } from '#observability/tracing.ts';

/** Deployed: the key lives in Secrets Manager, cached for five minutes so a rotation takes effect quickly. */
const REFRESH_MS = 5 * 60_000;
let client: SecretsManagerClient | undefined;
let cached: { value: string; at: number } | undefined;

export async function loadOperatorKey(): Promise<string> {
  const arn = process.env[settingNames.operatorKeySecretArn];
  if (!arn) {
    // local runtime: no Secrets Manager emulator, the key comes from the environment
    const local = process.env[settingNames.operatorKey];
    if (!local)
      throw new Error(`Set ${settingNames.operatorKeySecretArn} (deployed) or ${settingNames.operatorKey} (local)`);
    return local;
  }
  if (cached && Date.now() - cached.at < REFRESH_MS) return cached.value;
  client ??= traceClient(new SecretsManagerClient({}));
  const out = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!out.SecretString) throw new Error('Operator key secret is empty');
  cached = { value: out.SecretString, at: Date.now() };
  return cached.value;
}
