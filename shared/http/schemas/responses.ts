/**
 * The response schemas, by name. Operations declare their responses by these names (a type import), so that no
 * handler bundles a response schema: only the OpenAPI document (openapi.ts) loads this map.
 */
import { Account } from './accounts.ts';
import { ApiKeyList, CreatedApiKey } from './api-keys.ts';
import { Health, Me, Tokens } from './auth.ts';
import { page } from './common.ts';
import { Delegation } from './delegations.ts';
import { CreateInvitationsResponse, Invitation, UserInvitationResponse } from './invitations.ts';
import { Accepted, AuditEvent, MfaEnabled, ResetAccepted, SignInResponse, TotpEnrollment } from './lifecycle.ts';
import { AccountSettings, UnitSettings } from './settings.ts';
import { OrgUnit, UnitTree } from './units.ts';
import { AcceptInvitationResponse, CreateAccountResponse, User, UserDetail } from './users.ts';

export const responseSchemas = {
  Health,
  Me,
  Tokens,
  SignInResponse,
  Account,
  CreateAccountResponse,
  AcceptInvitationResponse,
  User,
  UserPage: page(User),
  UserDetail,
  Invitation,
  InvitationPage: page(Invitation),
  CreateInvitationsResponse,
  UserInvitationResponse,
  Accepted,
  ResetAccepted,
  TotpEnrollment,
  MfaEnabled,
  AuditEventPage: page(AuditEvent),
  OrgUnit,
  UnitTree,
  AccountSettings,
  UnitSettings,
  Delegation,
  DelegationPage: page(Delegation),
  CreatedApiKey,
  ApiKeyList,
};

export type ResponseSchemaName = keyof typeof responseSchemas;
