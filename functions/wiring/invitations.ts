// The adapters every invitation-sending operation hands its use case (invite members, resend, send a user's
// invitation); each handler adds what only it uses, so no bundle carries another's adapters.
import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { invitationSending } from '#adapters/dynamodb/invitation-store.ts';
import { userReads } from '#adapters/dynamodb/user-store.ts';
import { ulidIds } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { systemClock } from '#adapters/system-clock.ts';

/** All but the invitation store: a handler that takes a narrower view of the store adds that instead. */
export const invitationMailAdapters = {
  access: accessStore,
  accounts: accountReads,
  users: userReads,
  mailer: sesMailer,
  translators,
  clock: systemClock,
  ids: ulidIds,
};

/** Marked pure: a bundle using only `invitationMailAdapters` keeps no sending view of the store. */
export const invitationAdapters = /* @__PURE__ */ (() => ({
  ...invitationMailAdapters,
  invitations: invitationSending,
}))();
