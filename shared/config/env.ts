/** Fail-fast environment access: a missing setting fails the first request that needs it, with its name. */
export function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Missing environment variable ${name}`);
  return value;
}

export function envInt(name: string, fallback?: number): number {
  const raw = process.env[name];
  if ((raw === undefined || raw === '') && fallback !== undefined) return fallback;
  const value = Number(env(name));
  if (!Number.isInteger(value)) throw new Error(`Environment variable ${name} must be an integer`);
  return value;
}

/** Every setting a function may read, in one place. The CDK stack and the local gateway set these. */
export const settingNames = {
  tableName: 'TABLE_NAME',
  userPoolId: 'USER_POOL_ID',
  userPoolClientId: 'USER_POOL_CLIENT_ID',
  mailFrom: 'MAIL_FROM',
  appUrl: 'APP_URL',
  invitationTtlSeconds: 'INVITATION_TTL_SECONDS',
  /**
   * The deployment brand as JSON (`DeploymentBrand`), set locally from BRAND_*. Deployed functions get no BRAND: the
   * brand ships beside their bundle as a file (`deploymentBrandFileName`), which wins over this setting.
   */
  brand: 'BRAND',
  /** Deployed: the ARN of the Secrets Manager secret holding the operator key. */
  operatorKeySecretArn: 'OPERATOR_KEY_SECRET_ARN',
  /** Local only: the operator key itself. */
  operatorKey: 'OPERATOR_KEY',
  /** Cognito issuer URL; its JWKS is at `${issuer}/.well-known/jwks.json`. */
  tokenIssuer: 'TOKEN_ISSUER',
  /**
   * Local only: the secret the sealing keys (cursors, refresh grants, MFA sessions) derive from. Deployed functions
   * never hold it in their environment: they read it from Secrets Manager (`sealingSecretArn`).
   */
  cursorSecret: 'CURSOR_SECRET',
  /** Deployed: the ARN of the Secrets Manager secret the sealing keys derive from (only functions that seal). */
  sealingSecretArn: 'SEALING_SECRET_ARN',
  /** The URL of the queue that hands bulk imports to their worker (SQS; locally the endpoint inside `npm start`). */
  importQueueUrl: 'IMPORT_QUEUE_URL',
  /** The import worker's setup mails per second (default 10; SES's sending rate bounds it). */
  importMailsPerSecond: 'IMPORT_MAILS_PER_SECOND',
  /** SCIM requests an account may make in one second (default 50; more are 429 with Retry-After: 1). */
  scimRateLimitPerSecond: 'SCIM_RATE_LIMIT_PER_SECOND',
} as const;

/**
 * The settings of events out (webhooks and the EventBridge bus): apart from `settingNames`, so that functions which
 * never touch events out do not bundle their names.
 */
export const eventSettingNames = {
  /** The webhook first-attempt queue (SQS FIFO; locally the endpoint inside `npm start`). */
  webhookQueueUrl: 'WEBHOOK_QUEUE_URL',
  /** The webhook retry queue (SQS standard, per-message delays; locally the endpoint inside `npm start`). */
  webhookRetryQueueUrl: 'WEBHOOK_RETRY_QUEUE_URL',
  /** The deployment's EventBridge bus. Unset locally: the local runtime records what would be put. */
  eventBusName: 'EVENT_BUS_NAME',
  /** Deployed: the ARN of the Secrets Manager secret webhook signing secrets are sealed with. */
  webhookKeySecretArn: 'WEBHOOK_KEY_SECRET_ARN',
  /** Local only: that key itself (hex, 32 bytes). */
  webhookKey: 'WEBHOOK_KEY',
  /**
   * Local only (`1`): webhook URLs may be `http://127.0.0.1:<port>` or `http://localhost:<port>` and loopback
   * addresses pass the delivery-time address check. Never set by the CDK stack: deployed endpoints are https and
   * public.
   */
  webhookAllowLoopback: 'WEBHOOK_ALLOW_LOOPBACK',
  /** Waits before each webhook retry in seconds, comma-separated (default 5,60,300,1800,7200,28800,86400). */
  webhookRetrySchedule: 'WEBHOOK_RETRY_SCHEDULE',
  /** How long an endpoint fails without a success before it is disabled, in seconds (default 259200: 3 days). */
  webhookDisableAfterSeconds: 'WEBHOOK_DISABLE_AFTER_SECONDS',
} as const;
