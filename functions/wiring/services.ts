import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { serviceWrites } from '#adapters/dynamodb/service-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { systemClock } from '#adapters/system-clock.ts';

/** What the service writes need: the member, their settings chain, the service store and the welcome mail. */
export const serviceMailDeps = withSettings({
  access: accessStore,
  accounts: accountReads,
  users: userReads,
  services: serviceWrites,
  mailer: sesMailer,
  translators,
  clock: systemClock,
  ids: ulidIds,
});
