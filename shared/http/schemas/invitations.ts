import * as z from 'zod/mini';
import type { Invitation as InvitationEntity } from '#domain/invitation.ts';
import { effectiveStatus, MAX_EMAILS_PER_REQUEST, MAX_MESSAGE_LENGTH } from '#domain/invitation-rules.ts';
import { Id, PageQuery, Role, Timestamp } from './common.ts';
import { GrantsBody } from './grants.ts';

export const InvitationStatus = z.enum(['pending', 'accepted', 'revoked', 'expired']);
export const Delivery = z.enum(['pending', 'sent', 'failed']);

/** Addresses are checked one by one (an invalid one is a result, not a 400); only the shape is validated here. */
export const CreateInvitationsBody = z.strictObject({
  emails: z.array(z.string().check(z.maxLength(320))).check(z.minLength(1), z.maxLength(MAX_EMAILS_PER_REQUEST)),
  ...GrantsBody.shape,
  message: z.optional(z.string().check(z.trim(), z.maxLength(MAX_MESSAGE_LENGTH))),
});
export type CreateInvitationsInput = z.infer<typeof CreateInvitationsBody>;

export const InviteResult = z.object({
  email: z.string(),
  status: z.enum(['invited', 'skipped', 'invalid']),
  reason: z.optional(z.enum(['already_member', 'already_invited', 'duplicate_in_request', 'invalid_email', 'disposable_email'])),
  invitationId: z.optional(Id),
  delivery: z.optional(Delivery),
});
export type InviteResultDto = z.infer<typeof InviteResult>;
export const CreateInvitationsResponse = z.object({ results: z.array(InviteResult) });

export const Invitation = z.object({
  id: Id,
  email: z.string(),
  role: Role,
  status: InvitationStatus,
  kind: z.enum(['setup', 'invite', 'reset']),
  userId: z.nullable(Id),
  invitedBy: z.object({ kind: z.string(), userId: z.optional(z.string()) }),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  resentAt: z.optional(Timestamp),
  resendCount: z.number(),
  delivery: Delivery,
  /** The unit the member sits in once accepted (null for links from before units). */
  unitId: z.nullable(Id),
});

export const ListInvitationsQuery = z.strictObject({ ...PageQuery, status: z.optional(InvitationStatus) });

export const UserInvitationResponse = z.object({ invitationId: Id, expiresAt: Timestamp, delivery: Delivery });

/** What a reader sees: expiry applied at read time, never the token hash, the note or the resend log. */
export const toInvitationDto = (i: InvitationEntity, now: Date): z.infer<typeof Invitation> => ({
  id: i.id,
  email: i.email,
  role: i.role,
  status: effectiveStatus(i, now),
  kind: i.kind,
  userId: i.userId,
  invitedBy: i.invitedBy.userId ? { kind: i.invitedBy.kind, userId: i.invitedBy.userId } : { kind: i.invitedBy.kind },
  createdAt: i.createdAt,
  expiresAt: i.expiresAt,
  ...(i.resentAt ? { resentAt: i.resentAt } : {}),
  resendCount: i.resendCount,
  delivery: i.delivery,
  unitId: i.placement?.unitId ?? null,
});

export { normalizeEmail } from '#domain/email.ts';
