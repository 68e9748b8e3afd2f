/**
 * Settings of the local runtime (environment, see API.md "Local runtime") and the environment it gives the
 * handlers: what the CDK stack sets on every function, plus the SDK's own endpoint settings.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { settingNames, eventSettingNames } from '../shared/config/env.ts';
import { deploymentBrandFrom, type DeploymentBrand } from '../shared/domain/brand.ts';
import { localQueueUrl } from './import-queue.ts';
import { TABLE_NAME, type LocalState } from './provision.ts';
import { webhookQueueUrls } from './webhook-queues.ts';

function intSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

/** The deployment brand's fields and the environment variables that set them locally (CDK context `brand` deployed). */
export const brandVariables = {
  brandName: 'BRAND_NAME',
  mailFromName: 'BRAND_MAIL_FROM_NAME',
  logoUrl: 'BRAND_LOGO_URL',
  primaryColor: 'BRAND_PRIMARY_COLOR',
  supportEmail: 'BRAND_SUPPORT_EMAIL',
  supportUrl: 'BRAND_SUPPORT_URL',
  legalFooter: 'BRAND_LEGAL_FOOTER',
} as const satisfies Record<keyof DeploymentBrand, string>;

/**
 * The deployment brand from BRAND_* (unset or empty: the default's field; the mail sender's name defaults to the brand
 * name). A value the rules refuse stops `npm start` with every variable at fault and why.
 */
export function readLocalBrand(environment: NodeJS.ProcessEnv = process.env): DeploymentBrand {
  const given = Object.fromEntries(
    Object.entries(brandVariables).map(([field, name]) => [field, environment[name] || undefined]),
  );
  const { brand, problems } = deploymentBrandFrom(given);
  if (problems.length)
    throw new Error(
      `The brand settings are not valid:\n${problems
        .map((p) => `  ${brandVariables[p.path as keyof DeploymentBrand] ?? p.path} ${p.message}`)
        .join('\n')}`,
    );
  return brand;
}

export function readLocalConfig(argv: string[] = process.argv.slice(2)) {
  const args = new Set(argv);
  const port = intSetting('PORT', 3000);
  const ports = {
    dynamodb: intSetting('DYNAMODB_PORT', 8000),
    cognito: intSetting('COGNITO_PORT', 9229),
    mailbox: intSetting('MAILBOX_PORT', 8005),
  };
  return {
    port,
    ports,
    endpoints: {
      dynamodb: `http://127.0.0.1:${ports.dynamodb}`,
      cognito: `http://127.0.0.1:${ports.cognito}`,
      mailbox: `http://127.0.0.1:${ports.mailbox}`,
    },
    dataDir: resolve(process.env.DATA_DIR || '.data'),
    invitationTtlSeconds: intSetting('INVITATION_TTL_SECONDS', 604800),
    cleanupIntervalSeconds: intSetting('CLEANUP_INTERVAL_SECONDS', 3600),
    appUrl: process.env.APP_URL || `http://127.0.0.1:${port}`,
    mailFrom: process.env.MAIL_FROM || 'no-reply@switchboard.local',
    brand: readLocalBrand(),
    /** OPERATOR_KEY from the environment wins over the one kept in DATA_DIR. */
    operatorKey: process.env.OPERATOR_KEY || undefined,
    /** WEBHOOK_KEY (64 hex characters) from the environment wins over the one kept in DATA_DIR, likewise. */
    webhookKey: process.env.WEBHOOK_KEY || undefined,
    fresh: args.has('--fresh'),
    quiet: args.has('--quiet') || process.env.LOCAL_QUIET === '1',
    testControls: process.env.LOCAL_TEST_CONTROLS === '1',
    readyJson: process.env.LOCAL_READY_JSON === '1',
    exitWithParent: process.env.LOCAL_EXIT_WITH_PARENT === '1',
  };
}

export type LocalConfig = ReturnType<typeof readLocalConfig>;

export const tokenIssuer = (config: LocalConfig, state: LocalState) =>
  `${config.endpoints.cognito}/${state.userPoolId}`;

/**
 * Sets process.env for the handlers. Call it before any handler or adapter module is imported: SDK clients
 * are created when their module first loads.
 */
export function applyHandlerEnvironment(config: LocalConfig, state: LocalState): void {
  const webhooks = webhookQueueUrls(`http://127.0.0.1:${config.port}`);
  // settings that would send the SDK elsewhere than the emulators, or make handlers look for Secrets Manager
  for (const name of [
    'AWS_PROFILE',
    'AWS_SESSION_TOKEN',
    'AWS_ENDPOINT_URL',
    'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
    settingNames.operatorKeySecretArn,
    settingNames.sealingSecretArn,
    eventSettingNames.webhookKeySecretArn,
    // EventBridge has no local emulator: without a bus name the fan-out puts events on the local recorder
    eventSettingNames.eventBusName,
  ]) {
    delete process.env[name];
  }
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: config.endpoints.dynamodb,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: config.endpoints.cognito,
    AWS_ENDPOINT_URL_SESV2: config.endpoints.mailbox,
    // the import queue: SQS's JSON protocol, served by the local gateway itself (local/import-queue.ts)
    AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${config.port}`,
    [settingNames.importQueueUrl]: localQueueUrl(`http://127.0.0.1:${config.port}`),
    // the webhook delivery queues, on the same endpoint (local/webhook-queues.ts)
    [eventSettingNames.webhookQueueUrl]: webhooks.first,
    [eventSettingNames.webhookRetryQueueUrl]: webhooks.retries,
    [eventSettingNames.webhookKey]: config.webhookKey ?? state.webhookKey,
    // endpoints on this machine (http://127.0.0.1:…) are allowed locally; WEBHOOK_RETRY_SCHEDULE and
    // WEBHOOK_DISABLE_AFTER_SECONDS pass through from the environment when given
    [eventSettingNames.webhookAllowLoopback]: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    [settingNames.tableName]: TABLE_NAME,
    [settingNames.userPoolId]: state.userPoolId,
    [settingNames.userPoolClientId]: state.userPoolClientId,
    [settingNames.tokenIssuer]: tokenIssuer(config, state),
    [settingNames.mailFrom]: config.mailFrom,
    [settingNames.appUrl]: config.appUrl,
    [settingNames.brand]: JSON.stringify(config.brand),
    [settingNames.invitationTtlSeconds]: String(config.invitationTtlSeconds),
    [settingNames.operatorKey]: config.operatorKey ?? state.operatorKey,
    [settingNames.cursorSecret]: state.cursorSecret,
  });
}

/**
 * For a script that runs a handler against a running `npm start` (same DATA_DIR and ports): reads the stack's state,
 * checks that its DynamoDB answers, and gives the handlers their environment. Without a stack, says so and exits 1.
 */
export async function attachToLocalStack(config: LocalConfig): Promise<LocalState> {
  let state: LocalState;
  try {
    state = JSON.parse(readFileSync(join(config.dataDir, 'local-state.json'), 'utf8')) as LocalState;
    await fetch(`${config.endpoints.dynamodb}/`);
  } catch {
    console.error(
      `No local stack found (DATA_DIR ${config.dataDir}, DynamoDB at ${config.endpoints.dynamodb}): start it with npm start first.`,
    );
    process.exit(1);
  }
  applyHandlerEnvironment(config, state);
  return state;
}
