// What the sign-in and account pages share: their wiring, the enrolment step both show, and how the refusals of the
// use cases they call become what the page says (anything else is the pipeline's 500 page).
import { credentialStore } from '#adapters/dynamodb/credential-store.ts';
import { withSettings } from '#adapters/runtime.ts';
import {
  InvalidMfaCodeError,
  RateLimitedError,
  ReauthenticationRequiredError,
  UnauthenticatedError,
  ValidationError,
} from '#domain/errors.ts';
import type { CodeError } from '#http/pages/mfa-enrolment.ts';
import { signInDeps } from './sign-in.ts';

export { pageWiring } from './page-reads.ts';

/** Every use case the two pages call, on the adapters the JSON routes give them. */
export const pageDeps = withSettings({ ...signInDeps, credentials: credentialStore });

/** A refused code (enrolment, TOTP step, MFA removal) as the code field shows it; anything else is thrown on. */
export function codeRefusal(error: unknown): CodeError {
  if (error instanceof RateLimitedError) return 'rateLimited';
  if (error instanceof InvalidMfaCodeError || error instanceof ReauthenticationRequiredError) return 'codeWrong';
  if (error instanceof ValidationError && error.code === 'invalid_mfa_code') return 'codeWrong';
  if (error instanceof UnauthenticatedError) return 'expired';
  throw error;
}
