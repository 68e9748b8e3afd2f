// The adapters that create an account's or a user's identity and mail its first invitation (create an account,
// create a user); each handler adds what only it uses, the account store included (creating an account needs all of
// it, creating a user only its reads).
import { invitationDelivery } from '#adapters/dynamodb/invitation-delivery.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { systemClock } from '#adapters/system-clock.ts';

export const accountSetupAdapters = {
  invitations: invitationDelivery,
  mailer: sesMailer,
  translators,
  clock: systemClock,
  ids: ulidIds,
};
