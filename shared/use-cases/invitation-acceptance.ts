/**
 * Accepting invitation and setup links, reached from acceptInvitation (auth.ts) once the link is known to be usable.
 * Cognito first, then one DynamoDB transaction, as for setup links: a failure between them leaves the link
 * pending, and the retry converges on the same Cognito identity.
 */
import { ConflictError, InvalidCredentialsError, NotFoundError, UsernameTakenError } from '#domain/errors.ts';
import { nextRevocationMark, type Identity, type Membership } from '#domain/identity.ts';
import { assertResetLinkCurrent, type Invitation } from '#domain/invitation.ts';
import { usernameCandidate } from '#domain/invitation-rules.ts';
import { assertMayAddMembers, assertMayGrant } from '#domain/authorization.ts';
import type { MemberCaller } from '#domain/caller.ts';
import { pathIds, rootPath, type OrgUnit } from '#domain/org-unit.ts';
import { grantsOf, NO_CAPABILITIES, usernameFromEmail, type Placement, type User } from '#domain/user.ts';
import type { Deps, UserReads } from './deps.ts';
import type { InvitationLinkAcceptance } from '#ports/invitations.ts';
import type { IdentityStore } from '#ports/identities.ts';
import type { IdentityProvider } from '#ports/identity-provider.ts';

/** What accepting reads of the identity store: who an email is. */
type IdentityLookup = Pick<IdentityStore, 'findByEmail'>;
/** And of the identity provider: the user made or found, a password proved or set. */
export type AccountSetup = Pick<IdentityProvider, 'ensureUser' | 'setPassword' | 'verifyPassword'>;
import { auditEvent, type AuditEvent } from '#domain/audit.ts';

type AcceptDeps = Pick<Deps, 'clock' | 'ids' | 'access'> & {
  idp: AccountSetup;
  identities: IdentityLookup;
  invitations: InvitationLinkAcceptance;
  users: UserReads;
};
export interface AcceptInput {
  token: string;
  password: string;
  firstName?: string;
  lastName?: string;
}

const USERNAME_ATTEMPTS = 5;

/**
 * The sign-in of the person accepting. Someone who already has one (a member of another account) proves it with
 * their current password, which is never overwritten (wrong: 401). Otherwise the Cognito user is created, or adopted
 * when an earlier attempt created it and failed later, and gets this password.
 */
export async function resolveIdentity(
  deps: { idp: AccountSetup; identities: IdentityLookup },
  email: string,
  password: string,
  now: Date,
): Promise<{ identity: Identity; identityIsNew: boolean }> {
  const existing = await deps.identities.findByEmail(email);
  if (existing) {
    if (!(await deps.idp.verifyPassword(email, password))) throw new InvalidCredentialsError();
    return { identity: existing, identityIsNew: false };
  }
  const { identityId } = await deps.idp.ensureUser(email);
  await deps.idp.setPassword(email, password);
  return {
    identity: { id: identityId, email, tokensValidAfter: 0, mfaEnabled: false, createdAt: now.toISOString() },
    identityIsNew: true,
  };
}

/**
 * An invitation by email creates its member now. A person who already has a sign-in (a member of another account)
 * proves it with their current password, which is never overwritten; a wrong one is 401.
 */
async function join(
  deps: AcceptDeps,
  invitation: Invitation,
  input: AcceptInput,
  now: Date,
): Promise<{ accountId: string; user: User }> {
  const { identity, identityIsNew } = await resolveIdentity(deps, invitation.email, input.password, now);

  const at = now.toISOString();
  const base = usernameFromEmail(invitation.email);
  const placement = await currentPlacement(deps, invitation);
  for (let attempt = 0; ; attempt++) {
    const user: User = {
      id: deps.ids.next(),
      accountId: invitation.accountId,
      type: 'person',
      username: usernameCandidate(base, attempt),
      email: invitation.email,
      firstName: input.firstName ?? base,
      lastName: input.lastName ?? '',
      backupEmail: null,
      status: 'active',
      countryCode: null,
      language: null,
      ...placement,
      settings: {},
      identityId: identity.id,
      friendlyName: null,
      notes: null,
      emailAliases: [],
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const { membership, event } = acceptedBy(deps.ids, user, identity, invitation, at, {
      kind: 'invite',
      newIdentity: identityIsNew,
      username: user.username,
    });
    try {
      await deps.invitations.completeJoin({ invitation, user, identity, identityIsNew, membership, event });
      return { accountId: user.accountId, user };
    } catch (error) {
      // the username is derived from the email: another member may have it; try a suffixed one
      if (!(error instanceof UsernameTakenError) || attempt + 1 >= USERNAME_ATTEMPTS) throw error;
    }
  }
}

/**
 * A member who had set up their sign-in and was sent a new setup link (their password was replaced and their sessions
 * revoked when it was sent). It is their identity: the link, delivered to their address, proves control of it as a
 * password-reset link would, so the new password is set without the old one. Only for a member still active and
 * still the same person, and only while no password change came after the link (the identity's mark is still the
 * one it was issued under); accepting revokes every session of the person, as a completed reset does. MFA, if
 * enabled, stays required at sign-in.
 */
async function reset(
  deps: AcceptDeps,
  invitation: Invitation,
  input: AcceptInput,
  now: Date,
): Promise<{ accountId: string; user: User }> {
  const user = invitation.userId ? await deps.users.get(invitation.accountId, invitation.userId) : null;
  if (!user) throw new NotFoundError('This link is not valid');
  if (user.status !== 'active' || !user.identityId) throw new ConflictError('This member is not active');
  const identity = await deps.identities.findByEmail(invitation.email);
  if (!identity || identity.id !== user.identityId) throw new ConflictError('This sign-in changed; ask for a new link');
  assertResetLinkCurrent(invitation, identity);
  await deps.idp.setPassword(invitation.email, input.password);
  const event = auditEvent(deps.ids, {
    accountId: user.accountId,
    type: 'invitation.accepted',
    at: now.toISOString(),
    actor: { kind: 'user', userId: user.id },
    target: { userId: user.id, invitationId: invitation.id },
    details: { kind: 'reset', passwordSet: true },
  });
  const revoke = {
    identityId: identity.id,
    expectedMark: identity.tokensValidAfter,
    mark: nextRevocationMark(identity.tokensValidAfter, now),
  };
  // the service's own revocation (every request and refresh checks the mark); the public acceptance route has no
  // Cognito right to sign anyone out, and needs none: a refresh from before is refused by the same mark
  await deps.invitations.completeReset({ invitation, user, event, revoke });
  return { accountId: user.accountId, user };
}

/**
 * Where the invited member lands: the invitation's unit as it is now (it may have moved), or the root if it was
 * deleted meanwhile; scope units deleted meanwhile are dropped. One read (and the sender's record, for an invitation by a member).
 */
async function currentPlacement(
  deps: Pick<Deps, 'access'> & { users: UserReads },
  invitation: Invitation,
): Promise<Placement> {
  const wanted = invitation.placement ?? {
    unitId: '',
    unitPath: '',
    role: invitation.role,
    adminUnitIds: [],
    capabilities: { ...NO_CAPABILITIES },
    modules: [],
  };
  // what an invitation offers is the inviter's to give when it is accepted, not only when it was sent
  const inviterId = invitation.invitedBy.kind === 'user' ? invitation.invitedBy.userId : undefined;
  const inviter = inviterId ? await deps.users.get(invitation.accountId, inviterId) : null;
  const { units } = await deps.access.read(invitation.accountId, {
    unitIds: [wanted.unitId, ...wanted.adminUnitIds, ...(inviter?.adminUnitIds ?? [])],
  });
  if (inviterId && !stillGrantable(invitation.accountId, inviter, units, wanted)) {
    throw new ConflictError('Whoever sent this invitation may no longer give what it offers; ask for a new invitation');
  }
  const unit = units.get(wanted.unitId);
  // the root is the first id of any path, and neither moves nor goes away
  const rootId = pathIds(wanted.unitPath)[0] ?? '';
  const placed = unit
    ? { unitId: unit.id, unitPath: unit.path }
    : { unitId: rootId, unitPath: rootId ? rootPath(rootId) : '' };
  return { ...wanted, ...placed, adminUnitIds: wanted.adminUnitIds.filter((id) => units.has(id)) };
}

/** The inviter, as they are now, could still send this invitation: active, allowed to add members, holding its grants. */
function stillGrantable(
  accountId: string,
  inviter: User | null,
  units: Map<string, OrgUnit>,
  wanted: Placement,
): boolean {
  if (inviter?.status !== 'active') return false;
  if (inviter.role === 'account_manager') return true;
  const asCaller: MemberCaller = {
    kind: 'member',
    identity: {
      id: inviter.identityId ?? '',
      email: inviter.email,
      tokensValidAfter: 0,
      mfaEnabled: false,
      createdAt: inviter.createdAt,
    },
    membership: {
      accountId,
      userId: inviter.id,
      identityId: inviter.identityId ?? '',
      ...grantsOf(inviter),
      status: inviter.status,
      tokensValidAfter: 0,
    },
  };
  try {
    assertMayAddMembers(asCaller);
    assertMayGrant(asCaller, { units }, null, null, wanted);
    return true;
  } catch {
    return false;
  }
}

export function acceptIssuedLink(
  deps: AcceptDeps,
  invitation: Invitation,
  input: AcceptInput,
  now: Date,
): Promise<{ accountId: string; user: User }> {
  return invitation.kind === 'reset' ? reset(deps, invitation, input, now) : join(deps, invitation, input, now);
}

/** What accepting `invitation` records for `user`: the active membership of `identity` and the acceptance event. */
export function acceptedBy(
  ids: Deps['ids'],
  user: User,
  identity: Identity,
  invitation: Invitation,
  at: string,
  details: Record<string, unknown>,
): { membership: Membership; event: AuditEvent } {
  const membership: Membership = {
    accountId: user.accountId,
    userId: user.id,
    identityId: identity.id,
    ...grantsOf(user),
    status: 'active',
    tokensValidAfter: 0,
  };
  const event = auditEvent(ids, {
    accountId: user.accountId,
    type: 'invitation.accepted',
    at,
    actor: { kind: 'user', userId: user.id },
    target: { userId: user.id, invitationId: invitation.id },
    details,
  });
  return { membership, event };
}
