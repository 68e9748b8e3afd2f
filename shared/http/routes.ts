/**
 * The route table: single source of truth for method, path, handler, auth, IAM grants and the schemas.
 * Read by the CDK stack (infra/), the local gateway (local/) and the OpenAPI document.
 */
import { CreateAccountBody, Account, UpdateAccountBody } from './schemas/accounts.ts';
import { AcceptInvitationBody, Health, Me, RefreshBody, SignInBody, Tokens } from './schemas/auth.ts';
import { page } from './schemas/common.ts';
import { CreateInvitationsBody, CreateInvitationsResponse, Invitation, ListInvitationsQuery, UserInvitationResponse } from './schemas/invitations.ts';
import { AcceptInvitationResponse, CreateAccountResponse, User, UserDetail } from './schemas/users.ts';
import { CreateUserBody } from './schemas/user-create.ts';
import { UpdateUserBody } from './schemas/user-update.ts';
import { ListUnitUsersQuery, ListUsersQuery } from './schemas/user-queries.ts';
import { Delegation, ListDelegatesQuery } from './schemas/delegations.ts';
import {
  Accepted, AuditEvent, CloseUserBody, NoBody, ForgotPasswordBody, ListEventsQuery, ListUserEventsQuery, MfaEnabled, MfaSignInBody, ResetAccepted,
  ResetPasswordBody, SetPasswordBody, SignInResponse, TotpCodeBody, TotpEnrollment,
} from './schemas/lifecycle.ts';
import { AccountSettings, SettingsPatchBody, UnitSettings } from './schemas/settings.ts';
import { CreateUnitBody, OrgUnit, UnitTree, UpdateUnitBody } from './schemas/units.ts';
import { disposableDomainsFile } from '#config/data-files.ts';
import type { RouteDef } from './route-types.ts';

export const routes: RouteDef[] = [
  {
    operationId: 'getHealth', method: 'GET', path: '/v1/health', auth: 'public', area: 'platform', grants: [],
    summary: 'Liveness check', tags: ['platform'],
    responses: { 200: { description: 'The API is up', schema: Health } },
  },
  {
    operationId: 'getOpenapi', method: 'GET', path: '/v1/openapi.json', auth: 'public', area: 'platform', grants: [],
    summary: 'This OpenAPI 3.1 document', tags: ['platform'],
    responses: { 200: { description: 'OpenAPI document' } },
  },
  {
    operationId: 'createAccount', method: 'POST', path: '/v1/accounts', auth: 'operator', area: 'platform',
    grants: ['table:read', 'table:write', 'mail:send', 'secret:operator-key'],
    summary: 'Create a customer account and invite its account manager', tags: ['accounts'],
    request: { body: CreateAccountBody, idempotent: true },
    responses: { 201: { description: 'Account created; the owner got a setup mail', schema: CreateAccountResponse, headers: ['Location'] } },
    errors: [422],
  },
  {
    operationId: 'getAccount', method: 'GET', path: '/v1/accounts/{accountId}', auth: 'member', area: 'directory',
    grants: ['table:read'], summary: 'Read an account', tags: ['accounts'],
    responses: { 200: { description: 'The account', schema: Account, headers: ['ETag'] } }, errors: [404],
  },
  {
    operationId: 'updateAccount', method: 'PATCH', path: '/v1/accounts/{accountId}', auth: 'member', area: 'directory',
    grants: ['table:read', 'table:write'], summary: 'Update an account’s name and contact details', tags: ['accounts'],
    request: { body: UpdateAccountBody, ifMatch: true },
    responses: { 200: { description: 'The updated account', schema: Account, headers: ['ETag'] } }, errors: [403, 404, 412],
  },
  {
    operationId: 'acceptInvitation', method: 'POST', path: '/v1/invitations/accept', auth: 'public', area: 'directory',
    grants: ['table:read', 'table:write', 'identity:provision'],
    summary: 'Accept a setup or invitation link and set (or confirm) the password', tags: ['auth'],
    request: { body: AcceptInvitationBody },
    responses: { 200: { description: 'The member is active', schema: AcceptInvitationResponse } }, errors: [401, 404, 410],
  },
  {
    operationId: 'signIn', method: 'POST', path: '/v1/auth/token', auth: 'public', area: 'platform', grants: ['table:read', 'table:write'],
    summary: 'Sign in with email and password', tags: ['auth'], request: { body: SignInBody },
    responses: { 200: { description: 'Tokens, or an MFA challenge (SOFTWARE_TOKEN_MFA; MFA_SETUP when the account requires MFA)', schema: SignInResponse } },
  },
  {
    operationId: 'refreshTokens', method: 'POST', path: '/v1/auth/refresh', auth: 'public', area: 'platform', grants: ['table:read'],
    summary: 'Exchange a refresh token for new tokens', tags: ['auth'], request: { body: RefreshBody },
    responses: { 200: { description: 'Tokens', schema: Tokens } },
  },
  {
    operationId: 'getMe', method: 'GET', path: '/v1/me', auth: 'member', area: 'directory', grants: ['table:read'],
    summary: 'The caller’s identity and memberships', tags: ['me'],
    responses: { 200: { description: 'Identity and memberships', schema: Me } },
  },
  {
    operationId: 'createUser', method: 'POST', path: '/v1/accounts/{accountId}/users', auth: 'member', area: 'directory',
    grants: ['table:read', 'table:write', 'mail:send'], summary: 'Create a user; a setup mail goes to their email', tags: ['users'],
    request: { body: CreateUserBody, idempotent: true },
    responses: { 201: { description: 'The invited user', schema: User, headers: ['Location', 'ETag'] } },
    errors: [403, 404, 409, 422],
  },
  {
    operationId: 'listUsers', method: 'GET', path: '/v1/accounts/{accountId}/users', auth: 'member', area: 'directory',
    grants: ['table:read'], summary: 'List users by username, page by page', tags: ['users'],
    request: { query: ListUsersQuery },
    responses: { 200: { description: 'A page of users', schema: page(User) } }, errors: [403, 404],
  },
  {
    operationId: 'getUser', method: 'GET', path: '/v1/accounts/{accountId}/users/{userId}', auth: 'member', area: 'directory',
    grants: ['table:read'], summary: 'Read a user, with their effective settings and permissions', tags: ['users'],
    responses: { 200: { description: 'The user', schema: UserDetail, headers: ['ETag'] } }, errors: [403, 404],
  },
  {
    operationId: 'updateUser', method: 'PATCH', path: '/v1/accounts/{accountId}/users/{userId}', auth: 'member', area: 'directory',
    grants: ['table:read', 'table:write'], summary: 'Update a user', tags: ['users'],
    request: { body: UpdateUserBody, ifMatch: true },
    responses: { 200: { description: 'The updated user', schema: User, headers: ['ETag'] } }, errors: [403, 404, 409, 412],
  },
  // invitations (issue 3)
  {
    operationId: 'createInvitations', method: 'POST', path: '/v1/accounts/{accountId}/invitations', auth: 'member', area: 'invitations',
    grants: ['table:read', 'table:write', 'mail:send'], summary: 'Invite up to 100 people by email; one result per address', tags: ['invitations'],
    request: { body: CreateInvitationsBody, idempotent: true },
    responses: { 200: { description: 'One result per address, in input order', schema: CreateInvitationsResponse } }, errors: [403, 404, 422, 429],
    dataFiles: [disposableDomainsFile],
  },
  {
    operationId: 'listInvitations', method: 'GET', path: '/v1/accounts/{accountId}/invitations', auth: 'member', area: 'invitations',
    grants: ['table:read'], summary: 'List invitations with one status (default pending), newest first', tags: ['invitations'],
    request: { query: ListInvitationsQuery },
    responses: { 200: { description: 'A page of invitations', schema: page(Invitation) } }, errors: [403, 404],
  },
  {
    operationId: 'resendInvitation', method: 'POST', path: '/v1/accounts/{accountId}/invitations/{invitationId}/resend', auth: 'member', area: 'invitations',
    grants: ['table:read', 'table:write', 'mail:send'], summary: 'Send an invitation again with a new link; the old link stops working', tags: ['invitations'],
    responses: { 200: { description: 'The invitation, with its new expiry', schema: Invitation } }, errors: [403, 404, 409, 429],
  },
  {
    operationId: 'revokeInvitation', method: 'DELETE', path: '/v1/accounts/{accountId}/invitations/{invitationId}', auth: 'member', area: 'invitations',
    grants: ['table:read', 'table:write'], summary: 'Revoke an invitation; its link answers 410', tags: ['invitations'],
    responses: { 204: { description: 'Revoked' } }, errors: [403, 404, 409],
  },
  {
    operationId: 'sendUserInvitation', method: 'POST', path: '/v1/accounts/{accountId}/users/{userId}/invitation', auth: 'member', area: 'invitations',
    grants: ['table:read', 'table:write', 'mail:send', 'identity:credentials'],
    summary: 'Send a member’s setup mail again; a member who had set up their sign-in is signed out and sets a new password', tags: ['invitations', 'users'],
    responses: { 202: { description: 'The setup mail is on its way', schema: UserInvitationResponse } }, errors: [403, 404, 409, 429],
  },
  // member lifecycle, credentials, MFA and the audit log (issue 4)
  {
    operationId: 'deactivateUser', method: 'POST', path: '/v1/accounts/{accountId}/users/{userId}/deactivate', auth: 'member', area: 'lifecycle',
    grants: ['table:read', 'table:write', 'identity:access'], summary: 'Deactivate a member: their tokens stop working at once', tags: ['users'],
    request: { body: NoBody },
    responses: { 200: { description: 'The deactivated member', schema: User, headers: ['ETag'] } }, errors: [403, 404, 409],
  },
  {
    operationId: 'reactivateUser', method: 'POST', path: '/v1/accounts/{accountId}/users/{userId}/reactivate', auth: 'member', area: 'lifecycle',
    grants: ['table:read', 'table:write', 'identity:access'], summary: 'Reactivate a member (tokens from before stay revoked)', tags: ['users'],
    request: { body: NoBody },
    responses: { 200: { description: 'The active member', schema: User, headers: ['ETag'] } }, errors: [403, 404, 409],
  },
  {
    operationId: 'closeUser', method: 'DELETE', path: '/v1/accounts/{accountId}/users/{userId}', auth: 'member', area: 'lifecycle',
    grants: ['table:read', 'table:write', 'identity:access', 'identity:remove'], summary: 'Close a member (re-enter your own password); frees their username and email', tags: ['users'],
    request: { body: CloseUserBody },
    responses: { 204: { description: 'Closed' } }, errors: [403, 404, 409],
  },
  {
    operationId: 'requestUserPasswordReset', method: 'POST', path: '/v1/accounts/{accountId}/users/{userId}/password-reset', auth: 'member', area: 'lifecycle',
    grants: ['table:read', 'table:write', 'identity:credentials', 'mail:send'], summary: 'Force a password reset: sessions revoked, password void, a link mailed', tags: ['users', 'credentials'],
    request: { body: NoBody },
    responses: { 202: { description: 'The reset link is on its way', schema: ResetAccepted } }, errors: [403, 404, 409],
  },
  {
    operationId: 'setUserPassword', method: 'PUT', path: '/v1/accounts/{accountId}/users/{userId}/password', auth: 'member', area: 'lifecycle',
    grants: ['table:read', 'table:write', 'identity:credentials'], summary: 'Set a member’s password (only for a person in no other account)', tags: ['users', 'credentials'],
    request: { body: SetPasswordBody },
    responses: { 204: { description: 'Password set; sessions revoked' } }, errors: [403, 404, 409],
  },
  {
    operationId: 'resetUserMfa', method: 'DELETE', path: '/v1/accounts/{accountId}/users/{userId}/mfa', auth: 'member', area: 'lifecycle',
    grants: ['table:read', 'table:write', 'identity:mfa'], summary: 'Remove a member’s MFA (lost device); sessions revoked', tags: ['users', 'mfa'],
    request: { body: NoBody },
    responses: { 204: { description: 'MFA removed' } }, errors: [403, 404, 409],
  },
  {
    operationId: 'forgotPassword', method: 'POST', path: '/v1/auth/forgot-password', auth: 'public', area: 'lifecycle',
    grants: ['table:read', 'table:write', 'mail:send'], summary: 'Ask for a password reset link (same answer for every email)', tags: ['auth', 'credentials'],
    request: { body: ForgotPasswordBody },
    responses: { 202: { description: 'Accepted; a link is mailed if the email belongs to an active member', schema: Accepted } },
  },
  {
    operationId: 'resetPassword', method: 'POST', path: '/v1/auth/reset-password', auth: 'public', area: 'lifecycle',
    grants: ['table:read', 'table:write', 'identity:credentials'], summary: 'Set a new password with a reset link', tags: ['auth', 'credentials'],
    request: { body: ResetPasswordBody },
    responses: { 204: { description: 'Password set; every session revoked' } }, errors: [404, 410],
  },
  {
    operationId: 'completeMfaSignIn', method: 'POST', path: '/v1/auth/mfa', auth: 'public', area: 'lifecycle',
    grants: ['table:read', 'table:write'], summary: 'Answer the SOFTWARE_TOKEN_MFA challenge with a TOTP code', tags: ['auth', 'mfa'],
    request: { body: MfaSignInBody },
    responses: { 200: { description: 'Tokens', schema: Tokens } },
  },
  {
    operationId: 'startTotpEnrollment', method: 'POST', path: '/v1/me/mfa/totp', auth: 'member', area: 'lifecycle',
    grants: ['table:read'], summary: 'Start TOTP enrollment: a new secret for the authenticator app', tags: ['me', 'mfa'],
    request: { body: NoBody },
    responses: { 200: { description: 'The secret, shown once', schema: TotpEnrollment } }, errors: [409],
  },
  {
    operationId: 'verifyTotpEnrollment', method: 'POST', path: '/v1/me/mfa/totp/verify', auth: 'member', area: 'lifecycle',
    grants: ['table:read', 'table:write'], summary: 'Finish TOTP enrollment with a code; sessions from before are revoked', tags: ['me', 'mfa'],
    request: { body: TotpCodeBody },
    responses: { 200: { description: 'MFA is on', schema: MfaEnabled } }, errors: [409],
  },
  {
    operationId: 'disableMfa', method: 'DELETE', path: '/v1/me/mfa', auth: 'member', area: 'lifecycle',
    grants: ['table:read', 'table:write'], summary: 'Turn one’s own MFA off with a current code', tags: ['me', 'mfa'],
    request: { body: TotpCodeBody },
    responses: { 204: { description: 'MFA is off' } }, errors: [403, 409],
  },
  {
    operationId: 'listAccountEvents', method: 'GET', path: '/v1/accounts/{accountId}/events', auth: 'member', area: 'lifecycle',
    grants: ['table:read'], summary: 'The account’s audit log, newest first', tags: ['audit'],
    request: { query: ListEventsQuery },
    responses: { 200: { description: 'A page of events', schema: page(AuditEvent) } }, errors: [403, 404],
  },
  {
    operationId: 'listUserEvents', method: 'GET', path: '/v1/accounts/{accountId}/users/{userId}/events', auth: 'member', area: 'lifecycle',
    grants: ['table:read'], summary: 'The audit events about one member, newest first', tags: ['audit', 'users'],
    request: { query: ListUserEventsQuery },
    responses: { 200: { description: 'A page of events', schema: page(AuditEvent) } }, errors: [403, 404],
  },
  // organisation tree and inherited settings (issue 5, part 1)
  {
    operationId: 'createUnit', method: 'POST', path: '/v1/accounts/{accountId}/units', auth: 'member', area: 'organization',
    grants: ['table:read', 'table:write'], summary: 'Create an organisation unit under a parent unit', tags: ['units'],
    request: { body: CreateUnitBody, idempotent: true },
    responses: { 201: { description: 'The new unit', schema: OrgUnit, headers: ['Location', 'ETag'] } }, errors: [403, 404, 409, 422],
  },
  {
    operationId: 'listUnits', method: 'GET', path: '/v1/accounts/{accountId}/units', auth: 'member', area: 'organization',
    grants: ['table:read'], summary: 'The organisation tree: the root unit with its descendants, nested', tags: ['units'],
    responses: { 200: { description: 'The tree (never paged: at most 1,000 units)', schema: UnitTree } }, errors: [403, 404],
  },
  {
    operationId: 'getUnit', method: 'GET', path: '/v1/accounts/{accountId}/units/{unitId}', auth: 'member', area: 'organization',
    grants: ['table:read'], summary: 'Read an organisation unit', tags: ['units'],
    responses: { 200: { description: 'The unit', schema: OrgUnit, headers: ['ETag'] } }, errors: [403, 404],
  },
  {
    operationId: 'updateUnit', method: 'PATCH', path: '/v1/accounts/{accountId}/units/{unitId}', auth: 'member', area: 'organization',
    grants: ['table:read', 'table:write'], summary: 'Rename a unit, or move it with its subtree under another parent', tags: ['units'],
    request: { body: UpdateUnitBody, ifMatch: true },
    responses: { 200: { description: 'The updated unit', schema: OrgUnit, headers: ['ETag'] } }, errors: [403, 404, 409, 412],
  },
  {
    operationId: 'deleteUnit', method: 'DELETE', path: '/v1/accounts/{accountId}/units/{unitId}', auth: 'member', area: 'organization',
    grants: ['table:read', 'table:write'], summary: 'Delete an empty unit (not the root)', tags: ['units'],
    request: { ifMatch: true },
    responses: { 204: { description: 'Deleted' } }, errors: [403, 404, 409, 412],
  },
  {
    operationId: 'getAccountSettings', method: 'GET', path: '/v1/accounts/{accountId}/settings', auth: 'member', area: 'organization',
    grants: ['table:read'], summary: 'The account-level settings and their effective values', tags: ['settings'],
    responses: { 200: { description: 'Settings', schema: AccountSettings, headers: ['ETag'] } }, errors: [403, 404],
  },
  {
    operationId: 'updateAccountSettings', method: 'PATCH', path: '/v1/accounts/{accountId}/settings', auth: 'member', area: 'organization',
    grants: ['table:read', 'table:write'], summary: 'Change account-level settings (null: back to the default)', tags: ['settings'],
    request: { body: SettingsPatchBody, ifMatch: true },
    responses: { 200: { description: 'Settings', schema: AccountSettings, headers: ['ETag'] } }, errors: [403, 404, 412],
  },
  {
    operationId: 'getUnitSettings', method: 'GET', path: '/v1/accounts/{accountId}/units/{unitId}/settings', auth: 'member', area: 'organization',
    grants: ['table:read'], summary: 'A unit’s overrides and its effective settings, each with its source', tags: ['settings', 'units'],
    responses: { 200: { description: 'Settings', schema: UnitSettings, headers: ['ETag'] } }, errors: [403, 404],
  },
  {
    operationId: 'updateUnitSettings', method: 'PATCH', path: '/v1/accounts/{accountId}/units/{unitId}/settings', auth: 'member', area: 'organization',
    grants: ['table:read', 'table:write'], summary: 'Override settings on a unit (null removes an override)', tags: ['settings', 'units'],
    request: { body: SettingsPatchBody, ifMatch: true },
    responses: { 200: { description: 'Settings', schema: UnitSettings, headers: ['ETag'] } }, errors: [403, 404, 412],
  },
  // members in units, scoped admins and delegates (issue 5, part 2)
  {
    operationId: 'listUnitUsers', method: 'GET', path: '/v1/accounts/{accountId}/units/{unitId}/users', auth: 'member', area: 'organization',
    grants: ['table:read'], summary: 'The members of a unit, or with includeDescendants=true of its whole subtree (one Query per page)', tags: ['units', 'users'],
    request: { query: ListUnitUsersQuery },
    responses: { 200: { description: 'A page of members, by unit path then username', schema: page(User) } }, errors: [403, 404],
  },
  {
    operationId: 'listDelegates', method: 'GET', path: '/v1/accounts/{accountId}/users/{userId}/delegates', auth: 'member', area: 'organization',
    grants: ['table:read'], summary: 'The members who administer this member as delegates', tags: ['users', 'delegates'],
    request: { query: ListDelegatesQuery },
    responses: { 200: { description: 'A page of delegations', schema: page(Delegation) } }, errors: [403, 404],
  },
  {
    operationId: 'addDelegate', method: 'PUT', path: '/v1/accounts/{accountId}/users/{userId}/delegates/{delegateUserId}', auth: 'member', area: 'organization',
    grants: ['table:read', 'table:write'], summary: 'Make a member the delegate of another: they administer that member (account managers only)', tags: ['users', 'delegates'],
    request: { body: NoBody },
    responses: {
      201: { description: 'The delegation was created', schema: Delegation, headers: ['Location'] },
      200: { description: 'The delegation already existed', schema: Delegation },
    },
    errors: [403, 404, 409],
  },
  {
    operationId: 'removeDelegate', method: 'DELETE', path: '/v1/accounts/{accountId}/users/{userId}/delegates/{delegateUserId}', auth: 'member', area: 'organization',
    grants: ['table:read', 'table:write'], summary: 'End a delegation (account managers only)', tags: ['users', 'delegates'],
    request: { body: NoBody },
    responses: { 204: { description: 'Ended' } }, errors: [403, 404],
  },
];
