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
import { route as acceptInvitation } from './operations/accept-invitation.ts';
import { route as signIn } from './operations/sign-in.ts';
import { route as refreshTokens } from './operations/refresh-tokens.ts';
import { route as getMe } from './operations/get-me.ts';
import { route as createUser } from './operations/create-user.ts';
import { route as listUsers } from './operations/list-users.ts';
import { route as getUser } from './operations/get-user.ts';
import { route as updateUser } from './operations/update-user.ts';
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
import { route as createApiKey } from './operations/create-api-key.ts';
import { route as listApiKeys } from './operations/list-api-keys.ts';
import { route as revokeApiKey } from './operations/revoke-api-key.ts';

export const routes: RouteDef[] = [
  // platform, accounts, sign-in and the directory
  getHealth,
  getOpenapi,
  createAccount,
  getAccount,
  updateAccount,
  acceptInvitation,
  signIn,
  refreshTokens,
  getMe,
  createUser,
  listUsers,
  getUser,
  updateUser,
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
  // system users' API keys
  createApiKey,
  listApiKeys,
  revokeApiKey,
];
