// The adapters the SCIM /Users handlers hand their use cases: reads for GET and lists, the member store's SCIM
// writes for POST, PUT and PATCH, the lifecycle for DELETE. Each handler takes the narrowest of them.
import { cognitoSignInAdmin } from '#adapters/cognito/sign-in-admin.ts';
import { accessStore } from '#adapters/dynamodb/access-store.ts';
import { accountReads } from '#adapters/dynamodb/account-store.ts';
import { identityStore } from '#adapters/dynamodb/identity-store.ts';
import { invitationDelivery } from '#adapters/dynamodb/invitation-delivery.ts';
import { scimUserStore } from '#adapters/dynamodb/scim-user-store.ts';
import { unitMoveRepairStore } from '#adapters/dynamodb/unit-repair-store.ts';
import { userEdits } from '#adapters/dynamodb/user-store.ts';
import { translators } from '#adapters/i18n/translators.ts';
import { ulidIds, withSettings } from '#adapters/runtime.ts';
import { sesMailer } from '#adapters/ses/mailer.ts';
import { systemClock } from '#adapters/system-clock.ts';

/** GET /Users and /Users/{id}: member reads, the claims' lookups, the scope read. */
export const scimUserReads = { access: accessStore, users: userEdits, scimUsers: scimUserStore };

/** POST, PUT, PATCH: the SCIM writes, the setup mail, and Cognito for a status change. */
export const scimUserWrites = /* @__PURE__ */ (() =>
  withSettings({
    ...scimUserReads,
    accounts: accountReads,
    units: unitMoveRepairStore,
    invitations: invitationDelivery,
    mailer: sesMailer,
    translators,
    identities: identityStore,
    signIns: cognitoSignInAdmin,
    clock: systemClock,
    ids: ulidIds,
  }))();
