/**
 * What the hosted page behind a mailed link shows before the person acts: whether the link still works and, only
 * when it does, whose it is. Nothing is consumed, claimed or written. The lookups are the same ones the routes that
 * use the links make (by the token's hash), and the state comes from the same rules (#domain/link-state.ts), so the
 * page and the form it posts agree. Someone without the token learns nothing: an unknown token reads as `unknown`
 * with no account; a link that no longer works names no account, member or inviter either, only the language and
 * the account's brand its page is shown in.
 */
import type { Account } from '#domain/account.ts';
import type { AccountBrand } from '#domain/brand.ts';
import type { Identity } from '#domain/identity.ts';
import { assertResetLinkCurrent, assertUsable, isPurged, type Invitation } from '#domain/invitation.ts';
import { linkStateOf, type LinkState } from '#domain/link-state.ts';
import { assertResetUsable } from '#domain/password-reset.ts';
import { hashToken } from '#domain/tokens.ts';
import type { User } from '#domain/user.ts';
import { assertPinLinkUsable } from '#domain/voicemail-pin.ts';
import type { IdentityStore } from '#ports/identities.ts';
import type { InvitationStore } from '#ports/invitations.ts';
import type { ServiceStore } from '#ports/services.ts';
import { notClosed } from './audit.ts';
import type { Deps, UserReads, AccountReads } from './deps.ts';

/** In whose language and brand a link's page is shown (the page adds the browser's languages after these). */
export interface LinkAudience {
  /** The member's own `language` setting, when the link is about a member who has one. */
  memberLanguage: string | null;
  /** The account's `language` setting, when the link belongs to one account that set one. */
  accountLanguage: string | null;
  /** The account's own brand (null: the deployment's). */
  accountBrand: AccountBrand | null;
}

/** A link that no longer works (or never did): what happened, and nothing about whose it was. */
export type GoneLink = { state: Exclude<LinkState, 'valid'> } & LinkAudience;

const nobody: LinkAudience = { memberLanguage: null, accountLanguage: null, accountBrand: null };
const unknownLink: GoneLink = { state: 'unknown', ...nobody };

export type InvitationLinkDescription =
  | GoneLink
  | ({
      state: 'valid';
      accountName: string;
      /** Who sent an invitation by email; null for a setup link or one an operator sent ("your account manager"). */
      inviterName: string | null;
      /** The member's first name where the member exists already (setup links); null for an invitation by email. */
      firstName: string | null;
      email: string;
      /**
       * `choose`: a new sign-in, or a member's sign-in set up again (the link proves the address); `confirm`: the person
       * already signs in elsewhere and proves it with their current password, which stays (as acceptInvitation does).
       */
      password: 'choose' | 'confirm';
      /** Whether the page offers first and last name (only a new person joining by an invitation gives them). */
      asksName: boolean;
    } & LinkAudience);

export type ResetLinkDescription = GoneLink | ({ state: 'valid'; email: string } & LinkAudience);

export type VoicemailPinLinkDescription =
  | GoneLink
  | ({ state: 'valid'; accountName: string; firstName: string } & LinkAudience);

/** The account's own brand, carried on the account item the description reads anyway. */
const brandOf = (account: Account | null): AccountBrand | null => account?.branding ?? null;

const audienceOf = (account: Account | null, member: User | null): LinkAudience => ({
  memberLanguage: member?.language ?? null,
  accountLanguage: account?.settings.language ?? null,
  accountBrand: brandOf(account),
});

const displayName = (user: User): string | null => [user.firstName, user.lastName].join(' ').trim() || null;

/** An invitation, setup or setup-again link (GET /accept-invitation). */
export async function describeInvitationLink(
  deps: Pick<Deps, 'clock'> & {
    identities: Pick<IdentityStore, 'findByEmail'>;
    invitations: Pick<InvitationStore, 'findByTokenHash'>;
    users: UserReads;
    accounts: AccountReads;
  },
  token: string,
): Promise<InvitationLinkDescription> {
  if (!token) return unknownLink;
  const hash = hashToken(token);
  const now = deps.clock.now();
  const invitation = await deps.invitations.findByTokenHash(hash);
  if (!invitation || isPurged(invitation, now)) return unknownLink;
  let state = linkStateOf(() => assertUsable(invitation, hash, now));

  // the member a setup link activates, or the member who sent an invitation by email
  const inviterId =
    invitation.kind === 'invite' && invitation.invitedBy.kind === 'user' ? invitation.invitedBy.userId : undefined;
  const userId = invitation.userId ?? inviterId;
  const [account, user, identity] = await Promise.all([
    deps.accounts.get(invitation.accountId),
    userId ? deps.users.get(invitation.accountId, userId) : null,
    state === 'valid' ? deps.identities.findByEmail(invitation.email) : null,
  ]);
  const member = invitation.kind === 'invite' ? null : user;
  if (state === 'valid') state = memberState(invitation, member, account, identity);
  if (!account) return unknownLink;
  if (state !== 'valid') return { state, ...audienceOf(account, member) };

  // a setup-again link sets a new password without the old one; anyone else with a sign-in keeps theirs
  const password = identity && invitation.kind !== 'reset' ? 'confirm' : 'choose';
  return {
    state,
    accountName: account.name,
    inviterName: inviterId && user ? displayName(user) : null,
    firstName: member?.firstName || null,
    email: invitation.email,
    password,
    asksName: invitation.kind === 'invite' && password === 'choose',
    ...audienceOf(account, member),
  };
}

/**
 * What acceptInvitation finds about the member a link is for, read without a claim: a setup link whose member was
 * set up meanwhile is used, and revoked while its member (not set up yet) is deactivated; a setup-again link is used
 * once a later password change retired it, and revoked when its member left, was deactivated or is no longer that
 * sign-in (its JSON route answers 404 or 409 then; for a person the message is the same: ask for a new link).
 */
function memberState(
  invitation: Invitation,
  member: User | null,
  account: Account | null,
  identity: Identity | null,
): LinkState {
  if (!account) return 'unknown';
  if (invitation.kind === 'setup' && invitation.userId !== null) {
    if (!member || (member.status === 'deactivated' && !member.identityId)) return 'revoked';
    return member.status === 'invited' ? 'valid' : 'used';
  }
  if (invitation.kind !== 'reset') return 'valid';
  if (member?.status !== 'active' || !member.identityId || identity?.id !== member.identityId) return 'revoked';
  return linkStateOf(() => assertResetLinkCurrent(invitation, identity));
}

/**
 * A password reset link (GET /reset-password). It is the person's, across their accounts: the member's language is
 * the first their member records set; the account's language and brand are used only when they belong to one account.
 */
export async function describeResetLink(
  deps: Pick<Deps, 'resets' | 'identities' | 'clock'> & { users: UserReads; accounts: AccountReads },
  token: string,
): Promise<ResetLinkDescription> {
  if (!token) return unknownLink;
  const now = deps.clock.now();
  const reset = await deps.resets.find(hashToken(token));
  if (!reset || now.getTime() >= Date.parse(reset.purgeAt)) return unknownLink;
  const access = await deps.identities.getAccess(reset.identityId);
  const state = linkStateOf(() => assertResetUsable(reset, access.identity, now));

  const memberships = notClosed(access.memberships);
  const [members, accounts] = await Promise.all([
    memberships.length ? deps.users.getMany(memberships.map(({ accountId, userId }) => ({ accountId, userId }))) : [],
    memberships.length === 1 ? deps.accounts.getMany([memberships[0].accountId]) : [],
  ]);
  const account = accounts[0] ?? null;
  const audience: LinkAudience = {
    memberLanguage: members.find((m) => m.language)?.language ?? null,
    accountLanguage: account?.settings.language ?? null,
    accountBrand: brandOf(account),
  };
  if (state !== 'valid') return { state, ...audience };
  return { state, email: reset.email, ...audience };
}

/** A voice service's voicemail PIN link (GET /voicemail-pin). */
export async function describeVoicemailPinLink(
  deps: Pick<Deps, 'clock'> & { users: UserReads; accounts: AccountReads } & {
    services: Pick<ServiceStore, 'findPinLink' | 'get'>;
  },
  token: string,
): Promise<VoicemailPinLinkDescription> {
  if (!token) return unknownLink;
  const now = deps.clock.now();
  const link = await deps.services.findPinLink(hashToken(token));
  if (!link || now.getTime() >= Date.parse(link.purgeAt)) return unknownLink;
  const [service, user, account] = await Promise.all([
    deps.services.get(link.accountId, link.userId, 'voice'),
    deps.users.get(link.accountId, link.userId),
    deps.accounts.get(link.accountId),
  ]);
  let state = linkStateOf(() => assertPinLinkUsable(link, service, now));
  // setVoicemailPin refuses a member who left as a used link
  if (state === 'valid' && (!user || user.status === 'closed')) state = 'used';
  if (state !== 'valid' || !user || !account)
    return { state: state === 'valid' ? 'unknown' : state, ...audienceOf(account, user) };
  return { state, accountName: account.name, firstName: user.firstName, ...audienceOf(account, user) };
}
