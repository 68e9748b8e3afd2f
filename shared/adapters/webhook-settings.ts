import { eventSettingNames } from '#config/env.ts';

/**
 * Whether endpoints may be `http://127.0.0.1` / `http://localhost` (`WEBHOOK_ALLOW_LOOPBACK=1`: the local runtime
 * only; the CDK stack never sets it). Read on each call, so a handler module loads without its environment.
 */
export const webhookLoopbackAllowed = (): boolean => process.env[eventSettingNames.webhookAllowLoopback] === '1';
