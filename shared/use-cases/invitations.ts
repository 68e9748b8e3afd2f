/** Invitations by email: bulk invite, listing, resend, revoke. Account managers, and admins with manageUsers in their scope. */
import type { Account } from '#domain/account.ts';
import {
  assertMayAddMembers,
  assertMayBrowse,
  assertMayGrant,
  assertUnitInReach,
  isAccountManager,
  scopePaths,
  scopeRoots,
} from '#domain/authorization.ts';
import { actorOf, callerContact, type MemberCaller } from '#domain/caller.ts';
import { ForbiddenError, NotFoundError } from '#domain/errors.ts';
import type { Delivery, Invitation, InvitationStatus } from '#domain/invitation.ts';
import { invitationMail } from '#domain/invitation-mail.ts';
import {
  assertWithinDailyLimit,
  DAILY_INVITATION_LIMIT,
  isOpen,
  mailedAfterCommit,
  newInvitation,
  quotaDay,
  resent,
  revoked,
} from '#domain/invitation-rules.ts';
import { setupAgainMail, setupMail } from '#domain/setup-mail.ts';
import { senderName, type User } from '#domain/user.ts';
import { logger } from '#observability/logger.ts';
import { countMetric } from '#observability/metrics.ts';
import { normalizeEmail } from '#domain/email.ts';
import type { MailMessage } from '#domain/mail.ts';
import type { DisposableDomains, InvitationResending, InvitationSending, InvitationStore } from '#ports/invitations.ts';
import type { Page } from '#ports/paging.ts';
import { getAccount } from './accounts.ts';
import type { Deps, UserReads, AccountReads } from './deps.ts';
import { readFacts } from './access.ts';
import { auditEvent } from '#domain/audit.ts';
import { acceptLink } from './setup-link.ts';
import { mailContext } from './mail-context.ts';
import { manageableMember, placementFor, requestedGrants, type GrantsRequest } from './users.ts';

export type InvitationDeps = Pick<Deps, 'mailer' | 'translators' | 'clock' | 'ids' | 'settings' | 'access'> & {
  invitations: InvitationSending;
  users: UserReads;
  accounts: AccountReads;
} & { disposable: DisposableDomains };

const MAIL_CONCURRENCY = 10;
const displayName = (user: User | null, fallback: string) => (user ? senderName(user) : '') || fallback;

/** Sends each mail; a refusal is a delivery state ("failed"), never an error of the request. */
export async function sendAll(
  deps: Pick<Deps, 'mailer'>,
  mails: { invitation: Invitation; message: MailMessage }[],
): Promise<Map<string, Delivery>> {
  const outcome = new Map<string, Delivery>();
  for (let i = 0; i < mails.length; i += MAIL_CONCURRENCY) {
    await Promise.all(
      mails.slice(i, i + MAIL_CONCURRENCY).map(async ({ invitation, message }) => {
        try {
          await deps.mailer.send(message);
          outcome.set(invitation.id, 'sent');
          countMetric('invitationsSent');
        } catch (error) {
          outcome.set(invitation.id, 'failed');
          countMetric('mailsRefused');
          logger.warn('invitation mail refused', {
            accountId: invitation.accountId,
            invitationId: invitation.id,
            error: (error as Error).name,
          });
        }
      }),
    );
  }
  return outcome;
}

/**
 * The mail a link goes out with, by what the link does: in the member's language (an invitee is no member yet: the
 * account's) under the account's brand.
 */
export function mailFor(
  deps: Pick<Deps, 'settings' | 'translators'>,
  invitation: Invitation,
  token: string,
  context: { account: Account; inviter: User | null; member: User | null; callerEmail: string },
): MailMessage {
  const link = acceptLink(deps.settings.appUrl, token);
  const base = { to: invitation.email, accountName: context.account.name, link, expiresAt: invitation.expiresAt };
  const ctx = mailContext(deps, context.account, context.member);
  if (invitation.kind === 'invite') {
    const inviterName = displayName(context.inviter, context.callerEmail);
    return invitationMail(ctx, { ...base, inviterName, message: invitation.message });
  }
  const firstName = context.member?.firstName ?? '';
  return invitation.kind === 'reset'
    ? setupAgainMail(ctx, { ...base, firstName })
    : setupMail(ctx, { ...base, firstName });
}

/** POST …/invitations as asked: the addresses (checked one by one), the grants of the new members, a note. */
export interface InviteMembersInput extends GrantsRequest {
  emails: string[];
  message?: string;
}

/** What became of one address: invited, skipped (already a member, already invited, named twice) or invalid. */
export interface InviteOutcome {
  email: string;
  status: 'invited' | 'skipped' | 'invalid';
  reason?: 'already_member' | 'already_invited' | 'duplicate_in_request' | 'invalid_email' | 'disposable_email';
  invitationId?: string;
  delivery?: Delivery;
}

type Planned = { index: number; email: string };

/**
 * POST …/invitations: one result per address, in input order. Checks are one batch read; the writes are conditional
 * (a pending invitation per address is unique even against parallel requests); mail goes out after the commit.
 */
export async function inviteMembers(
  deps: InvitationDeps,
  caller: MemberCaller,
  input: InviteMembersInput,
): Promise<InviteOutcome[]> {
  // where the members will sit and what they will hold: checked against the caller now (one read), applied on acceptance
  const rootUnitId = (await getAccount(deps, caller)).rootUnitId ?? '';
  const placement = await placementFor(deps, caller, requestedGrants(caller, rootUnitId, input), rootUnitId);
  const role = placement.role;
  const now = deps.clock.now();
  const accountId = caller.membership.accountId;
  const results: InviteOutcome[] = [];
  const toCheck: Planned[] = [];
  const seen = new Set<string>();
  input.emails.forEach((raw, index) => {
    const email = normalizeEmail(raw);
    if (!email) results[index] = { email: raw, status: 'invalid', reason: 'invalid_email' };
    else if (deps.disposable.isDisposable(email.slice(email.lastIndexOf('@') + 1)))
      results[index] = { email, status: 'invalid', reason: 'disposable_email' };
    else if (seen.has(email)) results[index] = { email, status: 'skipped', reason: 'duplicate_in_request' };
    else {
      seen.add(email);
      toCheck.push({ index, email });
    }
  });
  if (toCheck.length === 0) return results;

  const quota = quotaDay(now);
  const checks = await deps.invitations.inviteChecks(
    accountId,
    caller.membership.userId,
    toCheck.map((p) => p.email),
    quota.day,
  );
  if (!checks.account) throw new NotFoundError();
  const planned: { index: number; invitation: Invitation; token: string }[] = [];
  const actor = actorOf(caller);
  const message = input.message ? input.message : null;
  for (const { index, email } of toCheck) {
    const holder = checks.holders.get(email);
    if (holder?.kind === 'member') results[index] = { email, status: 'skipped', reason: 'already_member' };
    else if (holder?.kind === 'invitation' && Date.parse(holder.expiresAt) > now.getTime())
      results[index] = { email, status: 'skipped', reason: 'already_invited' };
    else {
      const link = newInvitation({
        id: deps.ids.next(),
        accountId,
        email,
        role,
        kind: 'invite',
        userId: null,
        message,
        invitedBy: actor,
        now,
        ttlSeconds: deps.settings.invitationTtlSeconds,
        placement,
      });
      // one address: its one mail leaves within the SES client's bounded attempts, so its link is stored as sent; a
      // batch's mails go out in waves that a slow SES could push past the function's timeout, so its links stay
      // pending until each mail's outcome is written
      const { invitation, token } = toCheck.length === 1 ? mailedAfterCommit(link) : link;
      planned.push({ index, invitation, token });
    }
  }
  assertWithinDailyLimit(checks.usedToday, planned.length, now);
  if (planned.length === 0) return results;

  const { created, refused, failure } = await deps.invitations.createMany(
    {
      invitations: planned.map((p) => p.invitation),
      quota: { day: quota.day, limit: DAILY_INVITATION_LIMIT, endsAt: quota.endsAt },
      eventFor: (batch) =>
        auditEvent(deps.ids, {
          accountId,
          type: 'invitation.sent',
          at: now.toISOString(),
          actor,
          unitPath: placement.unitPath,
          target: batch.length === 1 ? { invitationId: batch[0].id } : {},
          details: { role, invitations: batch.map((i) => ({ invitationId: i.id, email: i.email })) },
        }),
    },
    now,
  );

  const createdIds = new Set(created.map((i) => i.id));
  const tokens = new Map(planned.map((p) => [p.invitation.id, p.token]));
  const context = {
    account: checks.account,
    inviter: checks.inviter,
    member: null,
    callerEmail: callerContact(caller),
  };
  const delivered = await sendAll(
    deps,
    created.map((invitation) => ({
      invitation,
      message: mailFor(deps, invitation, tokens.get(invitation.id)!, context),
    })),
  );
  // what the commit stored differently from the outcome is written: a single address's refused mail, a batch's every mail
  const refusedMails = created.filter((invitation) => delivered.get(invitation.id) !== invitation.delivery);
  if (refusedMails.length)
    await deps.invitations.recordDeliveries(
      refusedMails.map((invitation) => ({ invitation, delivery: delivered.get(invitation.id)! })),
    );
  // a chunk that failed for another reason than a taken address: what was created got its mail; the request fails
  if (failure) throw failure;

  const refusedBy = new Map(refused.map((r) => [r.email, r.reason]));
  for (const { index, invitation } of planned) {
    const reason = refusedBy.get(invitation.email);
    if (reason) results[index] = { email: invitation.email, status: 'skipped', reason };
    else if (createdIds.has(invitation.id))
      results[index] = {
        email: invitation.email,
        status: 'invited',
        invitationId: invitation.id,
        delivery: delivered.get(invitation.id),
      };
  }
  return results;
}

export async function listInvitations(
  deps: Pick<Deps, 'clock' | 'access'> & { invitations: Pick<Deps['invitations'], 'list'> },
  caller: MemberCaller,
  query: { status?: InvitationStatus; limit?: number; cursor?: string },
): Promise<{ page: Page<Invitation>; now: Date }> {
  assertMayBrowse(caller);
  const now = deps.clock.now();
  const request = { limit: query.limit ?? 50, cursor: query.cursor };
  if (isAccountManager(caller))
    return {
      page: await deps.invitations.list(caller.membership.accountId, query.status ?? 'pending', now, request),
      now,
    };
  const roots = scopeRoots(scopePaths(caller, await readFacts(deps, caller, {})));
  if (roots.length === 0) return { page: { items: [], nextCursor: null }, now };
  return {
    page: await deps.invitations.list(caller.membership.accountId, query.status ?? 'pending', now, request, roots),
    now,
  };
}

/**
 * An invitation the caller may act on: account managers any. An admin with manageUsers: a member's setup or reset
 * link only if they manage that member; an invitation by email only if it places its member in their scope with
 * grants they could give themselves (so they cannot re-send what someone above them offered).
 */
/** What revoking reads and writes of the invitation store. */
export type InvitationRevocation = Pick<InvitationStore, 'get' | 'revoke'>;

async function find(
  deps: Pick<Deps, 'access'> & { invitations: Pick<InvitationStore, 'get'>; users: UserReads },
  caller: MemberCaller,
  invitationId: string,
): Promise<Invitation> {
  assertMayAddMembers(caller);
  const invitation = await deps.invitations.get(caller.membership.accountId, invitationId);
  if (!invitation) throw new NotFoundError('No such invitation in this account');
  if (isAccountManager(caller)) return invitation;
  if (invitation.userId) {
    await manageableMember(deps, caller, invitation.userId);
    return invitation;
  }
  const placement = invitation.placement;
  if (!placement) throw new ForbiddenError('Only account managers may act on this invitation');
  const facts = await readFacts(deps, caller, { unitIds: [placement.unitId, ...placement.adminUnitIds] });
  assertUnitInReach(caller, facts, placement.unitId);
  assertMayGrant(caller, facts, null, null, placement);
  return invitation;
}

/** POST …/invitations/{id}/resend: a new token and mail; the old link answers 410; the expiry restarts. */
export async function resendInvitation(
  deps: Pick<Deps, 'mailer' | 'translators' | 'clock' | 'ids' | 'settings' | 'access'> & {
    invitations: InvitationResending;
    users: UserReads;
    accounts: AccountReads;
  },
  caller: MemberCaller,
  invitationId: string,
): Promise<{ invitation: Invitation; now: Date }> {
  const current = await find(deps, caller, invitationId);
  const now = deps.clock.now();
  const { invitation, token } = resent(current, now, deps.settings.invitationTtlSeconds);
  const event = auditEvent(deps.ids, {
    accountId: current.accountId,
    type: 'invitation.resent',
    at: now.toISOString(),
    actor: actorOf(caller),
    target: { invitationId: current.id, ...(current.userId ? { userId: current.userId } : {}) },
    unitPath: current.placement?.unitPath,
    details: { resendCount: invitation.resendCount, wasExpired: !isOpen(current, now) },
  });
  await deps.invitations.resend(current, invitation, event, now);
  const [account, inviter, member] = await Promise.all([
    getAccount(deps, caller),
    invitation.kind === 'invite' ? deps.users.get(current.accountId, caller.membership.userId) : null,
    invitation.userId ? deps.users.get(current.accountId, invitation.userId) : null,
  ]);
  const delivered = await sendAll(deps, [
    {
      invitation,
      message: mailFor(deps, invitation, token, { account, inviter, member, callerEmail: callerContact(caller) }),
    },
  ]);
  const delivery = delivered.get(invitation.id)!;
  await deps.invitations.recordDeliveries([{ invitation, delivery }]);
  return { invitation: { ...invitation, delivery }, now };
}

/** DELETE …/invitations/{id}: revoked, its link answers 410 invitation_revoked; the email may be invited again. */
export async function revokeInvitation(
  deps: Pick<Deps, 'clock' | 'ids' | 'access'> & { invitations: InvitationRevocation; users: UserReads },
  caller: MemberCaller,
  invitationId: string,
): Promise<void> {
  const current = await find(deps, caller, invitationId);
  const next = revoked(current);
  if (!next) return;
  const now = deps.clock.now();
  const event = auditEvent(deps.ids, {
    accountId: current.accountId,
    type: 'invitation.revoked',
    at: now.toISOString(),
    actor: actorOf(caller),
    target: { invitationId: current.id, ...(current.userId ? { userId: current.userId } : {}) },
    unitPath: current.placement?.unitPath,
    details: { email: current.email, wasExpired: !isOpen(current, now) },
  });
  await deps.invitations.revoke(current, next, event);
}
