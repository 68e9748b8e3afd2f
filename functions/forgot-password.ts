import { acceptedLanguages } from '#domain/i18n.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/forgot-password.ts';
import { logger } from '#observability/logger.ts';
import { accepted } from '#http/responses.ts';
import { withTimingFloor } from '#http/timing.ts';
import { forgotPassword } from '#use-cases/credentials.ts';
import { forgotPasswordDeps, RESPONSE_FLOOR_MS } from './wiring/forgot-password.ts';

const deps = forgotPasswordDeps;

export const handler = api(route, {}, async ({ body, headers }) => {
  // a failure (throttled mail, a conflicting write) can only happen on a known email's path: it must not show either
  await withTimingFloor(RESPONSE_FLOOR_MS, () =>
    forgotPassword(deps, { ...body, languages: acceptedLanguages(headers['accept-language']) }),
  ).catch((error: Error) => {
    logger.error('forgot-password failed', { error: error.name });
  });
  return accepted();
});
