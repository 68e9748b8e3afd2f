import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { RateLimitedError } from '#domain/errors.ts';
import { traceClient } from '#observability/tracing.ts';

/** `cacheMiddleware`: the middleware stack (with the throttle mapping below) is resolved once per command class. */
export const cognitoClient = traceClient(new CognitoIdentityProviderClient({ maxAttempts: 3, cacheMiddleware: true }));

/** Cognito quotas are per pool: once the SDK's own retries are spent, the caller gets a 429, not a 500. */
const throttled = new Set(['TooManyRequestsException', 'LimitExceededException']);
cognitoClient.middlewareStack.add(
  (next) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      if (throttled.has((error as Error).name))
        throw new RateLimitedError(2, 'The sign-in service is busy; try again shortly');
      throw error;
    }
  },
  { step: 'initialize', name: 'switchboardThrottleToRateLimit' },
);
