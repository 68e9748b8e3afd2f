import { SESv2Client, type SESv2ClientConfig } from '@aws-sdk/client-sesv2';
import { traceClient } from '#observability/tracing.ts';

/**
 * A mail goes out right after the commit that stores its link as sent: a hung call must fail (and be recorded as
 * failed) well inside the function's 10 s, so each attempt is bounded: a second to connect, 2.5 s for the answer, and
 * the request timeout throws (without `throwOnRequestTimeout` the handler only warns and waits on the socket). Two
 * attempts: at most about 7 s.
 */
export const sesClientConfig = {
  maxAttempts: 2,
  // the middleware stack is resolved once per command class, not on every call
  cacheMiddleware: true,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_500, throwOnRequestTimeout: true },
} satisfies SESv2ClientConfig;

export const sesClient = traceClient(new SESv2Client(sesClientConfig));
