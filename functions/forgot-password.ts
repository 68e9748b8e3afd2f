import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { resetStore } from '#adapters/dynamodb/reset-store.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { acceptedLanguages } from '#domain/i18n.ts';
import { api } from '#http/api.ts';
import { route } from '#http/operations/forgot-password.ts';
import { logger } from '#observability/logger.ts';
import { accepted } from '#http/responses.ts';
import { withTimingFloor } from '#http/timing.ts';
import { forgotPassword } from '#use-cases/credentials.ts';

/** Above the time a known email takes (reads, one transaction, a few SES calls), so every answer takes the same. */
const RESPONSE_FLOOR_MS = 400;
const deps = withSettings({
  identities: identityStore,
  resets: resetStore,
  mailer: sesMailer,
  translators,
  clock: systemClock,
  ids: ulidIds,
});

export const handler = api(route, {}, async ({ body, headers }) => {
  // a failure (throttled mail, a conflicting write) can only happen on a known email's path: it must not show either
  await withTimingFloor(RESPONSE_FLOOR_MS, () =>
    forgotPassword(deps, { ...body, languages: acceptedLanguages(headers['accept-language']) }),
  ).catch((error: Error) => {
    logger.error('forgot-password failed', { error: error.name });
  });
  return accepted();
});
