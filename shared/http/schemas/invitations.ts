import * as v from 'valibot';
import type { Invitation as InvitationEntity } from '#domain/invitation.ts';
import { effectiveStatus, MAX_EMAILS_PER_REQUEST, MAX_MESSAGE_LENGTH } from '#domain/invitation-rules.ts';
import { Id, PageQuery, Role, Timestamp } from './common.ts';
import { GrantsBody } from './grants.ts';

export const InvitationStatus = v.picklist(['pending', 'accepted', 'revoked', 'expired']);
export const Delivery = v.picklist(['pending', 'sent', 'failed']);

/** Addresses are checked one by one (an invalid one is a result, not a 400); only the shape is validated here. */
export const CreateInvitationsBody = v.strictObject({
  emails: v.pipe(v.array(v.pipe(v.string(), v.maxLength(320))), v.minLength(1), v.maxLength(MAX_EMAILS_PER_REQUEST)),
  ...GrantsBody.entries,
  message: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(MAX_MESSAGE_LENGTH))),
});
export type CreateInvitationsInput = v.InferOutput<typeof CreateInvitationsBody>;

export const InviteResult = v.object({
  email: v.string(),
  status: v.picklist(['invited', 'skipped', 'invalid']),
  reason: v.optional(v.picklist(['already_member', 'already_invited', 'duplicate_in_request', 'invalid_email', 'disposable_email'])),
  invitationId: v.optional(Id),
  delivery: v.optional(Delivery),
});
export type InviteResultDto = v.InferOutput<typeof InviteResult>;
export const CreateInvitationsResponse = v.object({ results: v.array(InviteResult) });

export const Invitation = v.object({
  id: Id,
  email: v.string(),
  role: Role,
  status: InvitationStatus,
  kind: v.picklist(['setup', 'invite', 'reset']),
  userId: v.nullable(Id),
  invitedBy: v.object({ kind: v.string(), userId: v.optional(v.string()) }),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  resentAt: v.optional(Timestamp),
  resendCount: v.number(),
  delivery: Delivery,
  /** The unit the member sits in once accepted (null for links from before units). */
  unitId: v.nullable(Id),
});

export const ListInvitationsQuery = v.strictObject({ ...PageQuery, status: v.optional(InvitationStatus) });

export const UserInvitationResponse = v.object({ invitationId: Id, expiresAt: Timestamp, delivery: Delivery });

/** What a reader sees: expiry applied at read time, never the token hash, the note or the resend log. */
export const toInvitationDto = (i: InvitationEntity, now: Date): v.InferOutput<typeof Invitation> => ({
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
