import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { deploymentBrandFrom, type DeploymentBrand } from '#domain/brand.ts';

/** Deployer settings, read from CDK context (`cdk.json` or `cdk deploy -c key=value`). */
export interface Settings {
  /** Names the stack (`Switchboard-<stage>`) and prefixes log groups; lowercase letters, digits, `-`. */
  stage: string;
  /**
   * Base URL of the pages mailed links open (no trailing slash). Unset: the HTTP API's own URL, which serves the
   * hosted pages; set it when your own web app opens the links.
   */
  appUrl?: string;
  /** Sender address of all mail; the deployer verifies it (or its domain) in SES. */
  mailFrom: string;
  invitationTtlSeconds: number;
  /** The brand on every mail and page (context `brand`, an object; unset fields: `defaultDeploymentBrand`'s). */
  brand: DeploymentBrand;
  logRetentionDays: RetentionDays;
  throttleRateLimit: number;
  throttleBurstLimit: number;
  /** The limits of the flood-limited public routes (declarations with `floodLimited`). */
  publicRoutes: PublicRouteLimits;
  /** Context `alarmEmail`: an address subscribed by email to the alarm topic; unset: the topic has no subscriber. */
  alarmEmail?: string;
  /**
   * Context `tracing`: X-Ray active tracing on every function and the Powertools tracer in every bundle (built with
   * `SB_TRACING` "on"); off (the default), no function is traced and no bundle holds tracer code.
   */
  tracing: boolean;
  /**
   * Context `debugLogSampleRate`: the share of invocations (0 to 1) that log at debug level, decided per invocation
   * (Powertools `POWERTOOLS_LOGGER_SAMPLE_RATE`); 0 turns sampling off.
   */
  debugLogSampleRate: number;
}

/** What keeps an unauthenticated flood on the public routes from taking every other route's capacity. */
export interface PublicRouteLimits {
  /**
   * Reserved concurrency of each flood-limited route's function (context `publicRouteConcurrency`); `undefined` when
   * turned off (`0` or `off`), for accounts whose Lambda concurrency limit is too low to reserve any.
   */
  concurrency: number | undefined;
  /** Stage throttle of each flood-limited route: steady requests per second and burst. */
  rateLimit: number;
  burstLimit: number;
}

/** Defaults of the public routes' limits (docs/operations.md: "Limits on the public routes"). */
export const publicRouteDefaults = {
  publicRouteConcurrency: 10,
  publicRouteRateLimit: 20,
  publicRouteBurstLimit: 40,
} as const;

/** Lambda keeps 100 of an account's concurrency unreserved; a default account has 1000. */
export const maxPublicRouteConcurrency = 100;

/** Defaults for the settings a deployer may leave out. stage and mailFrom have none on purpose; appUrl is the API's. */
export const settingDefaults = {
  invitationTtlSeconds: 604_800,
  logRetentionDays: RetentionDays.ONE_MONTH,
  throttleRateLimit: 50,
  throttleBurstLimit: 100,
  tracing: false,
  debugLogSampleRate: 0.01,
} as const;

/** CloudWatch Logs accepts only these retention periods; "never expire" is not offered for a deployment that stores personal data. */
const retentionValues = new Set<number>(
  Object.values(RetentionDays).filter((v): v is number => typeof v === 'number' && v !== RetentionDays.INFINITE),
);

/** Reads and validates the context; a wrong value fails synth with the key's name, not a broken deploy. */
export function readSettings(node: Node): Settings {
  const text = (key: string): string => {
    const value = node.tryGetContext(key);
    if (typeof value !== 'string' || value.trim() === '')
      throw new Error(`Context value "${key}" is required (cdk.json or -c ${key}=...)`);
    return value.trim();
  };
  const optionalText = (key: string): string | undefined => {
    const value = node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new Error(`Context value "${key}" must be a string, got ${value}`);
    return value.trim();
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const raw = node.tryGetContext(key);
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`Context value "${key}" must be an integer from ${min} to ${max}, got ${raw}`);
    return value;
  };

  const stage = text('stage');
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage))
    throw new Error(`Context value "stage" must be 1-20 lowercase letters, digits or "-", got ${stage}`);
  const appUrl = optionalText('appUrl');
  if (appUrl !== undefined && (!/^https?:\/\/[^\s/]+/.test(appUrl) || appUrl.endsWith('/')))
    throw new Error(`Context value "appUrl" must be an http(s) URL without a trailing slash, got ${appUrl}`);
  const mailFrom = text('mailFrom');
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(mailFrom))
    throw new Error(`Context value "mailFrom" must be a bare email address, got ${mailFrom}`);
  const alarmEmail = optionalText('alarmEmail');
  if (alarmEmail !== undefined && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(alarmEmail))
    throw new Error(`Context value "alarmEmail" must be a bare email address (or unset), got ${alarmEmail}`);
  const logRetentionDays = int('logRetentionDays', settingDefaults.logRetentionDays, 1, 3653);
  if (!retentionValues.has(logRetentionDays)) {
    throw new Error(
      `Context value "logRetentionDays" must be one of ${[...retentionValues].sort((a, b) => a - b).join(', ')}, got ${logRetentionDays}`,
    );
  }

  return {
    stage,
    ...(appUrl !== undefined && { appUrl }),
    mailFrom,
    brand: readBrand(node.tryGetContext('brand')),
    invitationTtlSeconds: int('invitationTtlSeconds', settingDefaults.invitationTtlSeconds, 60, 2_592_000),
    logRetentionDays: logRetentionDays as RetentionDays,
    throttleRateLimit: int('throttleRateLimit', settingDefaults.throttleRateLimit, 1, 100_000),
    throttleBurstLimit: int('throttleBurstLimit', settingDefaults.throttleBurstLimit, 1, 5_000),
    publicRoutes: {
      concurrency: readConcurrency(node.tryGetContext('publicRouteConcurrency')),
      rateLimit: int('publicRouteRateLimit', publicRouteDefaults.publicRouteRateLimit, 1, 10_000),
      burstLimit: int('publicRouteBurstLimit', publicRouteDefaults.publicRouteBurstLimit, 1, 5_000),
    },
    ...(alarmEmail !== undefined && { alarmEmail }),
    tracing: readFlag('tracing', node.tryGetContext('tracing'), settingDefaults.tracing),
    debugLogSampleRate: readRate('debugLogSampleRate', node.tryGetContext('debugLogSampleRate')),
  };
}

/** An on/off context value: a boolean in cdk.json, the text `true` or `false` from `-c key=value`. */
function readFlag(key: string, raw: unknown, fallback: boolean): boolean {
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (raw === true || raw === 'true') return true;
  if (raw === false || raw === 'false') return false;
  throw new Error(`Context value "${key}" must be true or false, got ${JSON.stringify(raw)}`);
}

/** Context `debugLogSampleRate`: a number from 0 to 1 (a string from `-c`), default 0.01 (one invocation in 100). */
function readRate(key: string, raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return settingDefaults.debugLogSampleRate;
  const value =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*[0-9.]+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(value) || value < 0 || value > 1)
    throw new Error(`Context value "${key}" must be a number from 0 to 1, got ${JSON.stringify(raw)}`);
  return value;
}

/**
 * Context `publicRouteConcurrency`: a whole number of concurrent executions reserved for each flood-limited function
 * (1 to 100), or `0` / `off` for none (a new AWS account's concurrency limit of 10 leaves nothing to reserve).
 */
function readConcurrency(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '') return publicRouteDefaults.publicRouteConcurrency;
  if (raw === 'off' || raw === false) return undefined;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (value === 0) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > maxPublicRouteConcurrency)
    throw new Error(
      `Context value "publicRouteConcurrency" must be an integer from 1 to ${maxPublicRouteConcurrency} (reserved per public route's function), or 0 or "off" for no reservation, got ${JSON.stringify(raw)}`,
    );
  return value;
}

/**
 * Context `brand`: an object (cdk.json), or its JSON text (`-c brand='{"brandName":"Acme"}'`); checked like the API's
 * (a data URL logo up to its 20 KB). It ships beside every function's bundle as a file, so no environment size limits it.
 */
function readBrand(raw: unknown): DeploymentBrand {
  let value = raw ?? {};
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new Error(`Context value "brand" must be a JSON object such as {"brandName":"Acme Telecom"}, got ${value}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`Context value "brand" must be an object such as {"brandName":"Acme Telecom"}`);
  const { brand, problems } = deploymentBrandFrom(value as Record<string, unknown>);
  if (problems.length)
    throw new Error(
      `Context value "brand" is not valid: ${problems.map((p) => `"brand.${p.path}" ${p.message}`).join('; ')}`,
    );
  return brand;
}
