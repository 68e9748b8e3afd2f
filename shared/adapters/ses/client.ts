import { SESv2Client } from '@aws-sdk/client-sesv2';
import { traceClient } from '#observability/tracing.ts';

/**
 * A mail goes out right after the commit that stores its link as sent: a hung call must fail (and be recorded as
 * failed) well inside the function's 10 s, so each attempt is bounded (two attempts: at most about 7 s).
 */
export const sesClient = traceClient(
  new SESv2Client({
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_500 },
  }),
);
