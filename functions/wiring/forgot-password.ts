// What asking for a reset link takes, for the JSON route and the hosted page alike: the adapters and the time floor
// every answer waits for.
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { resetStore } from '#adapters/dynamodb/reset-store.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { systemClock } from '#adapters/system-clock.ts';

/** Above the time a known email takes (reads, one transaction, a few SES calls), so every answer takes the same. */
export const RESPONSE_FLOOR_MS = 400;

export const forgotPasswordDeps = withSettings({
  identities: identityStore,
  resets: resetStore,
  mailer: sesMailer,
  translators,
  clock: systemClock,
  ids: ulidIds,
});
