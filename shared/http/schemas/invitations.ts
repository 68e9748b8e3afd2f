import * as v from 'valibot';
import type { Invitation as InvitationEntity } from '#domain/invitation.ts';
import { effectiveStatus, MAX_EMAILS_PER_REQUEST, MAX_MESSAGE_LENGTH } from '#domain/invitation-rules.ts';
import type { InviteMembersInput, InviteOutcome } from '#use-cases/invitations.ts';
import { type Conforms, Id, PageQuery, Role, Timestamp, tenantText } from './common.ts';
import { grantFields } from './grants.ts';

/**
 * Each schema is built inside `schema()`, so that a bundle drops the ones it does not use: esbuild honours a
 * side-effect-free mark only within the file that declares it (not valibot's, across modules), hence one per file.
 */
const schema = /* @__NO_SIDE_EFFECTS__ */ <T>(build: () => T): T => build();

export const InvitationStatus = schema(() => v.picklist(['pending', 'accepted', 'revoked', 'expired']));
export const Delivery = schema(() => v.picklist(['pending', 'sent', 'failed']));

/** Addresses are checked one by one (an invalid one is a result, not a 400); only the shape is validated here. */
export const CreateInvitationsBody = schema(() =>
  v.strictObject({
    emails: v.pipe(v.array(v.pipe(v.string(), v.maxLength(320))), v.minLength(1), v.maxLength(MAX_EMAILS_PER_REQUEST)),
    ...grantFields,
    message: v.optional(tenantText(0, MAX_MESSAGE_LENGTH, { lines: true })),
  }),
);
export type CreateInvitationsInput = Conforms<v.InferOutput<typeof CreateInvitationsBody>, InviteMembersInput>;

export const InviteResult = schema(() =>
  v.object({
    email: v.string(),
    status: v.picklist(['invited', 'skipped', 'invalid']),
    reason: v.optional(
      v.picklist(['already_member', 'already_invited', 'duplicate_in_request', 'invalid_email', 'disposable_email']),
    ),
    invitationId: v.optional(Id),
    delivery: v.optional(Delivery),
  }),
);
export type InviteResultDto = v.InferOutput<typeof InviteResult>;
/** The use case's outcomes go out as they are: each must be a valid result of the response. */
export type InviteOutcomeDto = Conforms<InviteOutcome, InviteResultDto>;
export const CreateInvitationsResponse = schema(() => v.object({ results: v.array(InviteResult) }));

export const Invitation = schema(() =>
  v.object({
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
  }),
);

export const ListInvitationsQuery = schema(() =>
  v.strictObject({ ...PageQuery, status: v.optional(InvitationStatus) }),
);

export const UserInvitationResponse = schema(() =>
  v.object({ invitationId: Id, expiresAt: Timestamp, delivery: Delivery }),
);

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
