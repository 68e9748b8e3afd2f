// POST /Users: the SCIM writes and the setup mail. A new member has no sign-in yet: no Cognito client.
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { invitationDelivery } from '#adapters/dynamodb/invitation-delivery.ts';
import { unitMoveRepairStore } from '#adapters/dynamodb/unit-repair-store.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { systemClock } from '#adapters/system-clock.ts';
import { scimUserReads } from './scim-users.ts';

/** The adapters without the settings: spreading a wiring would call its settings getter at load, so extend these. */
export const scimUserCreateParts = {
  ...scimUserReads,
  accounts: accountReads,
  units: unitMoveRepairStore,
  invitations: invitationDelivery,
  mailer: sesMailer,
  translators,
  clock: systemClock,
  ids: ulidIds,
};

/** The settings (app URL, link lifetime, brand) are read on first use, not at load. */
export const scimUserCreate = /* @__PURE__ */ (() => withSettings({ ...scimUserCreateParts }))();
