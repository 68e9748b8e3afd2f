/**
 * The response schemas, by name. Operations declare their responses by these names (a type import), so that no
 * handler bundles a response schema: only the OpenAPI document (openapi.ts) loads this map.
 */
import * as v from 'valibot';
import { Account } from './accounts.ts';
import { AccountBranding } from './branding.ts';
import { ApiKey, ApiKeyList, CreatedApiKey } from './api-keys.ts';
import { Health, Me, Tokens } from './auth.ts';
import { page } from './common.ts';
import { Contact } from './contacts.ts';
import { Delegation } from './delegations.ts';
import { Device } from './devices.ts';
import { Group, GroupMember } from './groups.ts';
import { ImportRow, MemberImport } from './imports.ts';
import { CreateInvitationsResponse, Invitation, UserInvitationResponse } from './invitations.ts';
import { Accepted, AuditEvent, MfaEnabled, ResetAccepted, SignInResponse, TotpEnrollment } from './lifecycle.ts';
import { Service } from './services.ts';
import { AccountSettings, UnitSettings } from './settings.ts';
import { PhoneNumber } from './numbers.ts';
import { OrgUnit, UnitTree } from './units.ts';
import { AcceptInvitationResponse, CreateAccountResponse, User, UserDetail } from './users.ts';
import {
  EventTypeList,
  Webhook,
  WebhookDelivery,
  WebhookList,
  WebhookReplayAccepted,
  WebhookTestAccepted,
  WebhookWithSecret,
} from './webhooks.ts';

export const responseSchemas = {
  MemberImport,
  MemberImportPage: page(MemberImport),
  ImportRowPage: page(ImportRow),
  Health,
  Me,
  Tokens,
  SignInResponse,
  Account,
  AccountBranding,
  CreateAccountResponse,
  AcceptInvitationResponse,
  User,
  UserPage: page(User),
  UserDetail,
  /** A user as GET …/users/{u} shows them: with the lists `?include=` asked for (each as its own route shows it). */
  UserWithItems: v.object({
    ...UserDetail.entries,
    services: v.optional(v.array(Service)),
    numbers: v.optional(v.array(PhoneNumber)),
    devices: v.optional(v.array(Device)),
    groups: v.optional(v.array(GroupMember)),
  }),
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
  Service,
  ServicePage: page(Service),
  PhoneNumber,
  PhoneNumberPage: page(PhoneNumber),
  Device,
  DevicePage: page(Device),
  Group,
  GroupPage: page(Group),
  GroupMember,
  GroupMemberPage: page(GroupMember),
  Contact,
  ContactPage: page(Contact),
  CreatedApiKey,
  ApiKey,
  ApiKeyList,
  EventTypeList,
  Webhook,
  WebhookWithSecret,
  WebhookList,
  WebhookDelivery,
  WebhookDeliveryPage: page(WebhookDelivery),
  WebhookTestAccepted,
  WebhookReplayAccepted,
};

export type ResponseSchemaName = keyof typeof responseSchemas;
