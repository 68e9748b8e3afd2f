/**
 * The route table: every operation, in one list. Each operation is declared once, in shared/http/operations/
 * (method, path, auth, grants, schemas, flags, responses); the CDK stack (infra/), the local gateway (local/), the
 * OpenAPI document, the bench and the authorization matrix read this list. A handler imports only its own
 * declaration, never this table, so that its bundle holds no other operation.
 */
import type { RouteDef } from './route-types.ts';
import { route as getHealth } from './operations/get-health.ts';
import { route as getOpenapi } from './operations/get-openapi.ts';
import { route as createAccount } from './operations/create-account.ts';
import { route as getAccount } from './operations/get-account.ts';
import { route as updateAccount } from './operations/update-account.ts';
import { route as getAccountBranding } from './operations/get-account-branding.ts';
import { route as putAccountBranding } from './operations/put-account-branding.ts';
import { route as deleteAccountBranding } from './operations/delete-account-branding.ts';
import { route as acceptInvitation } from './operations/accept-invitation.ts';
import { route as signIn } from './operations/sign-in.ts';
import { route as refreshTokens } from './operations/refresh-tokens.ts';
import { route as getMe } from './operations/get-me.ts';
import { route as createUser } from './operations/create-user.ts';
import { route as listUsers } from './operations/list-users.ts';
import { route as getUser } from './operations/get-user.ts';
import { route as exportUsers } from './operations/export-users.ts';
import { route as updateUser } from './operations/update-user.ts';
import { route as addEmailAlias } from './operations/add-email-alias.ts';
import { route as removeEmailAlias } from './operations/remove-email-alias.ts';
import { route as createInvitations } from './operations/create-invitations.ts';
import { route as listInvitations } from './operations/list-invitations.ts';
import { route as resendInvitation } from './operations/resend-invitation.ts';
import { route as revokeInvitation } from './operations/revoke-invitation.ts';
import { route as sendUserInvitation } from './operations/send-user-invitation.ts';
import { route as deactivateUser } from './operations/deactivate-user.ts';
import { route as reactivateUser } from './operations/reactivate-user.ts';
import { route as closeUser } from './operations/close-user.ts';
import { route as requestUserPasswordReset } from './operations/request-user-password-reset.ts';
import { route as setUserPassword } from './operations/set-user-password.ts';
import { route as resetUserMfa } from './operations/reset-user-mfa.ts';
import { route as forgotPassword } from './operations/forgot-password.ts';
import { route as resetPassword } from './operations/reset-password.ts';
import { route as completeMfaSignIn } from './operations/complete-mfa-sign-in.ts';
import { route as completeNewPassword } from './operations/complete-new-password.ts';
import { route as startTotpEnrollment } from './operations/start-totp-enrollment.ts';
import { route as verifyTotpEnrollment } from './operations/verify-totp-enrollment.ts';
import { route as disableMfa } from './operations/disable-mfa.ts';
import { route as listAccountEvents } from './operations/list-account-events.ts';
import { route as listUserEvents } from './operations/list-user-events.ts';
import { route as createUnit } from './operations/create-unit.ts';
import { route as listUnits } from './operations/list-units.ts';
import { route as getUnit } from './operations/get-unit.ts';
import { route as updateUnit } from './operations/update-unit.ts';
import { route as deleteUnit } from './operations/delete-unit.ts';
import { route as getAccountSettings } from './operations/get-account-settings.ts';
import { route as updateAccountSettings } from './operations/update-account-settings.ts';
import { route as getUnitSettings } from './operations/get-unit-settings.ts';
import { route as updateUnitSettings } from './operations/update-unit-settings.ts';
import { route as listUnitUsers } from './operations/list-unit-users.ts';
import { route as listDelegates } from './operations/list-delegates.ts';
import { route as addDelegate } from './operations/add-delegate.ts';
import { route as removeDelegate } from './operations/remove-delegate.ts';
import { route as createService } from './operations/create-service.ts';
import { route as listServices } from './operations/list-services.ts';
import { route as getService } from './operations/get-service.ts';
import { route as updateService } from './operations/update-service.ts';
import { route as closeService } from './operations/close-service.ts';
import { route as setVoicemailPin } from './operations/set-voicemail-pin.ts';
import { route as createNumber } from './operations/create-number.ts';
import { route as listNumbers } from './operations/list-numbers.ts';
import { route as getNumber } from './operations/get-number.ts';
import { route as updateNumber } from './operations/update-number.ts';
import { route as deleteNumber } from './operations/delete-number.ts';
import { route as assignNumber } from './operations/assign-number.ts';
import { route as unassignNumber } from './operations/unassign-number.ts';
import { route as listUserNumbers } from './operations/list-user-numbers.ts';
import { route as shareNumber } from './operations/share-number.ts';
import { route as unshareNumber } from './operations/unshare-number.ts';
import { route as createDevice } from './operations/create-device.ts';
import { route as listDevices } from './operations/list-devices.ts';
import { route as getDevice } from './operations/get-device.ts';
import { route as updateDevice } from './operations/update-device.ts';
import { route as deleteDevice } from './operations/delete-device.ts';
import { route as createGroup } from './operations/create-group.ts';
import { route as listGroups } from './operations/list-groups.ts';
import { route as getGroup } from './operations/get-group.ts';
import { route as updateGroup } from './operations/update-group.ts';
import { route as deleteGroup } from './operations/delete-group.ts';
import { route as listGroupMembers } from './operations/list-group-members.ts';
import { route as addGroupMember } from './operations/add-group-member.ts';
import { route as removeGroupMember } from './operations/remove-group-member.ts';
import { route as listUserGroups } from './operations/list-user-groups.ts';
import { route as createContact } from './operations/create-contact.ts';
import { route as listContacts } from './operations/list-contacts.ts';
import { route as getContact } from './operations/get-contact.ts';
import { route as updateContact } from './operations/update-contact.ts';
import { route as deleteContact } from './operations/delete-contact.ts';
import { route as createApiKey } from './operations/create-api-key.ts';
import { route as listApiKeys } from './operations/list-api-keys.ts';
import { route as getApiKey } from './operations/get-api-key.ts';
import { route as revokeApiKey } from './operations/revoke-api-key.ts';
import { route as startImport } from './operations/start-import.ts';
import { route as getImport } from './operations/get-import.ts';
import { route as listImports } from './operations/list-imports.ts';
import { route as listImportRows } from './operations/list-import-rows.ts';
import { route as cancelImport } from './operations/cancel-import.ts';
import { route as showForgotPasswordPage } from './operations/show-forgot-password-page.ts';
import { route as submitForgotPasswordPage } from './operations/submit-forgot-password-page.ts';
import { route as showAcceptInvitationPage } from './operations/show-accept-invitation-page.ts';
import { route as submitAcceptInvitationPage } from './operations/submit-accept-invitation-page.ts';
import { route as showResetPasswordPage } from './operations/show-reset-password-page.ts';
import { route as submitResetPasswordPage } from './operations/submit-reset-password-page.ts';
import { route as showVoicemailPinPage } from './operations/show-voicemail-pin-page.ts';
import { route as submitVoicemailPinPage } from './operations/submit-voicemail-pin-page.ts';
import { route as showSignInPage } from './operations/show-sign-in-page.ts';
import { route as submitSignInPage } from './operations/submit-sign-in-page.ts';
import { route as showAccountPage } from './operations/show-account-page.ts';
import { route as submitAccountPage } from './operations/submit-account-page.ts';
import { route as signOut } from './operations/sign-out.ts';
import { route as listEventTypes } from './operations/list-event-types.ts';
import { route as createWebhook } from './operations/create-webhook.ts';
import { route as listWebhooks } from './operations/list-webhooks.ts';
import { route as getWebhook } from './operations/get-webhook.ts';
import { route as updateWebhook } from './operations/update-webhook.ts';
import { route as deleteWebhook } from './operations/delete-webhook.ts';
import { route as rotateWebhookSecret } from './operations/rotate-webhook-secret.ts';
import { route as testWebhook } from './operations/test-webhook.ts';
import { route as listWebhookDeliveries } from './operations/list-webhook-deliveries.ts';
import { route as retryWebhookDelivery } from './operations/retry-webhook-delivery.ts';
import { route as replayWebhook } from './operations/replay-webhook.ts';
// SCIM 2.0 provisioning: the platform (discovery, the fallback)
import { route as scimGetServiceProviderConfig } from './operations/scim-get-service-provider-config.ts';
// SCIM /Users
import { route as scimListUsers } from './operations/scim-list-users.ts';
import { route as scimCreateUser } from './operations/scim-create-user.ts';
import { route as scimGetUser } from './operations/scim-get-user.ts';
import { route as scimReplaceUser } from './operations/scim-replace-user.ts';
import { route as scimPatchUser } from './operations/scim-patch-user.ts';
import { route as scimDeleteUser } from './operations/scim-delete-user.ts';
// SCIM 2.0 provisioning: Groups
import { route as scimListGroups } from './operations/scim-list-groups.ts';
import { route as scimCreateGroup } from './operations/scim-create-group.ts';
import { route as scimGetGroup } from './operations/scim-get-group.ts';
import { route as scimReplaceGroup } from './operations/scim-replace-group.ts';
import { route as scimPatchGroup } from './operations/scim-patch-group.ts';
import { route as scimDeleteGroup } from './operations/scim-delete-group.ts';
import { route as scimListResourceTypes } from './operations/scim-list-resource-types.ts';
import { route as scimGetResourceType } from './operations/scim-get-resource-type.ts';
import { route as scimListSchemas } from './operations/scim-list-schemas.ts';
import { route as scimGetSchema } from './operations/scim-get-schema.ts';
import { route as scimFallback } from './operations/scim-fallback.ts';

export const routes: RouteDef[] = [
  // platform, accounts, sign-in and the directory
  getHealth,
  getOpenapi,
  createAccount,
  getAccount,
  updateAccount,
  getAccountBranding,
  putAccountBranding,
  deleteAccountBranding,
  acceptInvitation,
  signIn,
  refreshTokens,
  getMe,
  createUser,
  listUsers,
  getUser,
  exportUsers,
  updateUser,
  addEmailAlias,
  removeEmailAlias,
  // invitations
  createInvitations,
  listInvitations,
  resendInvitation,
  revokeInvitation,
  sendUserInvitation,
  // member lifecycle, credentials, MFA and the audit log
  deactivateUser,
  reactivateUser,
  closeUser,
  requestUserPasswordReset,
  setUserPassword,
  resetUserMfa,
  forgotPassword,
  resetPassword,
  completeMfaSignIn,
  completeNewPassword,
  startTotpEnrollment,
  verifyTotpEnrollment,
  disableMfa,
  listAccountEvents,
  listUserEvents,
  // organisation tree and inherited settings
  createUnit,
  listUnits,
  getUnit,
  updateUnit,
  deleteUnit,
  getAccountSettings,
  updateAccountSettings,
  getUnitSettings,
  updateUnitSettings,
  // members in units, scoped admins and delegates
  listUnitUsers,
  listDelegates,
  addDelegate,
  removeDelegate,
  // members' services (fax, SMS, voice) and the voicemail PIN link
  createService,
  listServices,
  getService,
  updateService,
  closeService,
  setVoicemailPin,
  // telephony: numbers and members' phones
  createNumber,
  listNumbers,
  getNumber,
  updateNumber,
  deleteNumber,
  assignNumber,
  unassignNumber,
  shareNumber,
  unshareNumber,
  listUserNumbers,
  createDevice,
  listDevices,
  getDevice,
  updateDevice,
  deleteDevice,
  // groups and their members
  createGroup,
  listGroups,
  getGroup,
  updateGroup,
  deleteGroup,
  listGroupMembers,
  addGroupMember,
  removeGroupMember,
  listUserGroups,
  // shared contacts
  createContact,
  listContacts,
  getContact,
  updateContact,
  deleteContact,
  // system users' API keys
  createApiKey,
  listApiKeys,
  getApiKey,
  revokeApiKey,
  // bulk import of members from CSV
  startImport,
  getImport,
  listImports,
  listImportRows,
  cancelImport,
  // events out: webhook endpoints, their deliveries, the event catalogue
  listEventTypes,
  createWebhook,
  listWebhooks,
  getWebhook,
  updateWebhook,
  deleteWebhook,
  rotateWebhookSecret,
  testWebhook,
  listWebhookDeliveries,
  retryWebhookDelivery,
  replayWebhook,
  // hosted pages (HTML for people, behind every mailed link)
  showForgotPasswordPage,
  submitForgotPasswordPage,
  showAcceptInvitationPage,
  submitAcceptInvitationPage,
  showResetPasswordPage,
  submitResetPasswordPage,
  showVoicemailPinPage,
  submitVoicemailPinPage,
  showSignInPage,
  submitSignInPage,
  showAccountPage,
  submitAccountPage,
  signOut,
  // SCIM 2.0 provisioning: discovery and the fallback
  scimGetServiceProviderConfig,
  // SCIM /Users
  scimListUsers,
  scimCreateUser,
  scimGetUser,
  scimReplaceUser,
  scimPatchUser,
  scimDeleteUser,
  // SCIM 2.0 provisioning: Groups
  scimListGroups,
  scimCreateGroup,
  scimGetGroup,
  scimReplaceGroup,
  scimPatchGroup,
  scimDeleteGroup,
  scimListResourceTypes,
  scimGetResourceType,
  scimListSchemas,
  scimGetSchema,
  scimFallback,
];
