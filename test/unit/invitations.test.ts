import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { disposableDomains } from '#adapters/disposable-domains.ts';
import { holderOf } from '#adapters/dynamodb/invitation-steps.ts';
import {
  INVITATION_EXPIRY_SHARDS,
  invitationExpiryShard,
  invitationItem,
  timeBound,
} from '#adapters/dynamodb/entities/invitation.ts';
import type { MemberCaller } from '#domain/caller.ts';
import {
  ConflictError,
  ForbiddenError,
  IdentitySharedError,
  InvalidCredentialsError,
  InvitationExpiredError,
  InvitationRevokedError,
  InvitationUsedError,
  RateLimitedError,
} from '#domain/errors.ts';
import { invitationMail } from '#domain/invitation-mail.ts';
import {
  DAILY_INVITATION_LIMIT,
  effectiveStatus,
  newInvitation,
  quotaDay,
  resent,
  revoked,
  usernameCandidate,
} from '#domain/invitation-rules.ts';
import { USERNAME_PATTERN } from '#domain/user.ts';
import { CreateInvitationsBody, toInvitationDto } from '#http/schemas/invitations.ts';
import { createAccount } from '#use-cases/accounts.ts';
import { acceptInvitation } from '#use-cases/auth.ts';
import { cleanupInvitations } from '#use-cases/invitation-cleanup.ts';
import { inviteMembers, listInvitations, resendInvitation, revokeInvitation } from '#use-cases/invitations.ts';
import { sendUserInvitation } from '#use-cases/user-invitation.ts';
import { setUserPassword } from '#use-cases/credentials.ts';
import { revocationMark } from '#domain/identity.ts';
import { mailContextFor } from '../fakes/translators.ts';
import { createUser } from '#use-cases/users.ts';
import { testDeps } from '../fakes/memory.ts';
import { PASSWORD } from '../builders/password.ts';
import { captureLogLines } from '../support/log-lines.ts';
import { logger } from '#observability/logger.ts';

const DAY = 24 * 3600;
const NOW = new Date('2026-11-22T08:00:00.000Z');
const invitation = (over = {}) => ({
  ...newInvitation({
    id: 'inv1',
    accountId: 'a1',
    email: 'x@example.org',
    role: 'user',
    kind: 'invite',
    userId: null,
    message: null,
    invitedBy: { kind: 'system' },
    now: NOW,
    ttlSeconds: 7 * DAY,
    placement: null,
  }).invitation,
  ...over,
});

/** Prepare: an account whose owner accepted, the caller that owner is, and the invitation deps over the same fakes. */
async function world() {
  const t = testDeps();
  const { account } = await createAccount(
    t.deps,
    { kind: 'operator' },
    { name: 'Acme', owner: { email: 'boss@acme.test', firstName: 'Bo', lastName: 'Ss' } },
  );
  const { user } = await acceptInvitation(t.deps, { token: t.mailer.lastToken(), password: PASSWORD });
  const identity = t.dir.identities.get(user.identityId!)!;
  const manager: MemberCaller = {
    kind: 'member',
    identity,
    membership: t.dir.memberships.get(`${identity.id}/${account.id}`)!,
  };
  const deps = { ...t.deps, disposable: disposableDomains };
  const memberCaller = (userId: string): MemberCaller => {
    const u = t.dir.users.get(`${account.id}/${userId}`)!;
    return {
      kind: 'member',
      identity: t.dir.identities.get(u.identityId!)!,
      membership: t.dir.memberships.get(`${u.identityId}/${account.id}`)!,
    };
  };
  /** A member the manager created who has accepted their setup link. */
  const setUpMember = async (username: string, email: string, firstName: string, lastName: string) => {
    await createUser(deps, manager, { username, email, firstName, lastName });
    return (await acceptInvitation(deps, { token: t.mailer.lastToken(), password: PASSWORD })).user;
  };
  return { ...t, deps, account, manager, memberCaller, setUpMember };
}

describe('invitation rules', () => {
  it('a pending link past its expiry reads as expired, before and after the cleanup', () => {
    const i = invitation();
    expect(effectiveStatus(i, new Date(Date.parse(i.expiresAt) - 1))).toBe('pending');
    expect(effectiveStatus(i, new Date(i.expiresAt))).toBe('expired');
    expect(effectiveStatus({ ...i, status: 'revoked' }, new Date(i.expiresAt))).toBe('revoked');
  });

  it('resending: a new token, the expiry restarts, at most 5 in any 24 hours (Retry-After until the oldest leaves the window)', () => {
    let current = invitation();
    for (let n = 1; n <= 5; n++) {
      const at = new Date(NOW.getTime() + n * 3600_000);
      const next = resent(current, at, 7 * DAY);
      expect(next.invitation.tokenHash).not.toBe(current.tokenHash);
      expect(next.invitation).toMatchObject({
        resendCount: n,
        resentAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + 7 * DAY * 1000).toISOString(),
        delivery: 'pending',
      });
      current = next.invitation;
    }
    const sixth = new Date(NOW.getTime() + 6 * 3600_000);
    const limited = (() => {
      try {
        resent(current, sixth, 7 * DAY);
      } catch (e) {
        return e;
      }
    })() as RateLimitedError;
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited.retryAfterSeconds).toBe(19 * 3600);
    // positive control: once the first resend is 24 hours old, one more is allowed
    expect(resent(current, new Date(NOW.getTime() + 25 * 3600_000 + 1000), 7 * DAY).invitation.resendCount).toBe(6);
  });

  it('accepted and revoked are final for resend; revoke is idempotent, and refused once accepted', () => {
    expect(() => resent(invitation({ status: 'accepted' }), NOW, DAY)).toThrow(ConflictError);
    expect(() => resent(invitation({ status: 'revoked' }), NOW, DAY)).toThrow(ConflictError);
    expect(resent(invitation({ status: 'expired' }), NOW, DAY).invitation.status).toBe('pending');
    expect(revoked(invitation({ status: 'revoked' }))).toBeNull();
    expect(() => revoked(invitation({ status: 'accepted' }))).toThrow(ConflictError);
    expect(revoked(invitation())).toMatchObject({ status: 'revoked' });
  });

  it('the daily allowance resets at UTC midnight', () => {
    expect(quotaDay(new Date('2026-11-22T23:59:30.000Z'))).toMatchObject({ day: '2026-11-22', secondsLeft: 30 });
    expect(DAILY_INVITATION_LIMIT).toBe(500);
  });

  it('usernames from an email are valid, and suffixed after a collision', () => {
    expect(usernameCandidate('jane.doe', 0)).toBe('jane.doe');
    const suffixed = usernameCandidate('a-very-long-local-part', 1);
    expect(suffixed).toMatch(USERNAME_PATTERN);
    expect(suffixed).toMatch(/^a-very-long-loc-[0-9a-f]{4}$/);
  });

  it('disposable domains come from the maintained list, subdomains included', () => {
    expect(disposableDomains.isDisposable('mailinator.com')).toBe(true);
    expect(disposableDomains.isDisposable('eu.mailinator.com')).toBe(true);
    expect(disposableDomains.isDisposable('example.org')).toBe(false);
    expect(disposableDomains.isDisposable('acme-telecom.com')).toBe(false);
  });

  it('the mail carries account, inviter, the note (escaped in HTML), the link and the expiry', () => {
    const m = invitationMail(mailContextFor(), {
      to: 'x@example.org',
      inviterName: 'Olive Owner',
      accountName: 'Acme & Co',
      message: '<script>hi</script>',
      link: 'https://app.test/accept-invitation?token=abc',
      expiresAt: '2026-11-29T08:00:00.000Z',
    });
    expect(m.subject).toBe('Olive Owner invited you to Acme & Co');
    expect(m.text).toContain('<script>hi</script>');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('Acme &amp; Co');
    expect(m.text).toContain('https://app.test/accept-invitation?token=abc');
    expect(m.text).toContain('November 29, 2026 at 8:00 AM');
  });

  it('the listing shows the status at read time and never the token hash, the note or the resend log', () => {
    const dto = toInvitationDto(invitation({ message: 'secret note' }), new Date(NOW.getTime() + 8 * DAY * 1000));
    expect(dto.status).toBe('expired');
    expect(JSON.stringify(dto)).not.toMatch(/tokenHash|secret note|recentResends/);
    expect(dto).not.toHaveProperty('resentAt');
  });

  it('the body takes 1-100 strings; an address that is not one is a result, not a 400', () => {
    expect(v.safeParse(CreateInvitationsBody, { emails: ['not an address'] }).success).toBe(true);
    expect(v.safeParse(CreateInvitationsBody, { emails: [] }).success).toBe(false);
    expect(v.safeParse(CreateInvitationsBody, { emails: Array(101).fill('a@b.co') }).success).toBe(false);
    expect(v.safeParse(CreateInvitationsBody, { emails: ['a@b.co'], id: 'x' }).success).toBe(false);
  });
});

describe('table items', () => {
  it('pending invitations are in GSI4 by expiry; leaving pending takes them out; GSI3 lists pending and expired by expiry', () => {
    const pending = invitationItem(invitation());
    expect(pending.GSI4PK).toBe(`INVITATIONS#EXPIRING#${invitationExpiryShard('inv1')}`);
    expect(String(pending.GSI4SK) <= timeBound(invitation().expiresAt)).toBe(true);
    expect(pending.GSI3PK).toBe('ACCOUNT#a1#INVITATIONS#OPEN');
    expect(String(pending.GSI3SK).startsWith(invitation().expiresAt)).toBe(true);
    for (const status of ['expired', 'accepted', 'revoked'] as const)
      expect(invitationItem(invitation({ status }))).not.toHaveProperty('GSI4PK');
    expect(invitationItem(invitation({ status: 'expired' })).GSI3PK).toBe('ACCOUNT#a1#INVITATIONS#OPEN');
    expect(invitationItem(invitation({ status: 'accepted' })).GSI3SK).toBe(`${NOW.toISOString()}#inv1`);
  });

  it('a refused claim tells member from invitation, in the raw form a cancellation reason carries it', () => {
    expect(holderOf({ userId: { S: 'u1' }, invitationId: { S: 'i0' } })).toEqual({ kind: 'member', userId: 'u1' });
    expect(holderOf({ invitationId: { S: 'i1' }, claimExpiresAt: { N: '1795000000' } })).toEqual({
      kind: 'invitation',
      invitationId: 'i1',
      expiresAt: new Date(1795000000 * 1000).toISOString(),
    });
    expect(holderOf({ invitationId: 'i2', claimExpiresAt: 1795000000 })).toMatchObject({
      kind: 'invitation',
      invitationId: 'i2',
    });
    expect(holderOf(undefined)).toBeNull();
  });

  it('expiry shards spread ids over every shard', () => {
    const shards = new Set(
      Array.from({ length: 200 }, (_, n) => invitationExpiryShard(`01J${n.toString(36).padStart(8, '0')}`)),
    );
    expect(shards.size).toBe(INVITATION_EXPIRY_SHARDS);
  });
});

describe('inviting', () => {
  afterEach(() => {
    delete process.env.LOG_LEVEL;
    logger.setLevel('info');
    vi.restoreAllMocks();
  });

  it('gives every skip reason and invites the rest, mailing each invited address once', async () => {
    const w = await world();
    const member = await createUser(w.deps, w.manager, {
      username: 'mem',
      email: 'mem@acme.test',
      firstName: 'M',
      lastName: 'E',
    });
    const first = await inviteMembers(w.deps, w.manager, { emails: ['pending@acme.test'] });
    expect(first).toEqual([
      { email: 'pending@acme.test', status: 'invited', invitationId: expect.any(String), delivery: 'sent' },
    ]);
    const sent = w.mailer.sent.length;
    const results = await inviteMembers(w.deps, w.manager, {
      emails: ['New@Acme.test', 'nope', 'x@yopmail.com', 'new@acme.test', member.email, 'pending@acme.test'],
      message: 'Hi',
    });
    expect(results.map((r) => [r.status, r.reason ?? r.email])).toEqual([
      ['invited', 'new@acme.test'],
      ['invalid', 'invalid_email'],
      ['invalid', 'disposable_email'],
      ['skipped', 'duplicate_in_request'],
      ['skipped', 'already_member'],
      ['skipped', 'already_invited'],
    ]);
    expect(w.mailer.sent.slice(sent).map((m) => m.to[0])).toEqual(['new@acme.test']);
    expect(w.mailer.sent.at(-1)!.text).toContain('Bo Ss invited you to join Acme');
    expect(w.dir.events.filter((e) => e.type === 'invitation.sent').at(-1)).toMatchObject({
      details: { invitations: [{ email: 'new@acme.test' }] },
    });
  });

  it('only account managers invite (positive control: the manager)', async () => {
    const w = await world();
    const u = await w.setUpMember('plain', 'plain@acme.test', 'P', 'L');
    await expect(inviteMembers(w.deps, w.memberCaller(u.id), { emails: ['a@acme.test'] })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(listInvitations(w.deps, w.memberCaller(u.id), {})).rejects.toThrow(ForbiddenError);
    expect((await inviteMembers(w.deps, w.manager, { emails: ['a@acme.test'] }))[0].status).toBe('invited');
  });

  it('a refused mail leaves the invitation pending with delivery "failed", and the log carries no token', async () => {
    const w = await world();
    w.mailer.fail = true;
    logger.setLevel('debug');
    const { lines } = captureLogLines();
    const [result] = await inviteMembers(w.deps, w.manager, { emails: ['bounce@acme.test'] });
    expect(result).toMatchObject({ status: 'invited', delivery: 'failed' });
    const stored = w.dir.invitations.get(`${w.account.id}/${result.invitationId}`)!;
    expect(stored).toMatchObject({ status: 'pending', delivery: 'failed' });
    expect(lines.join('\n')).toContain('invitation mail refused');
    expect(lines.join('\n')).not.toContain(stored.tokenHash);
    expect(lines.join('\n')).not.toMatch(/token=|bounce@acme\.test/);
  });

  it('a failed write mails nobody and fails the request', async () => {
    const w = await world();
    const before = [w.dir.invitations.size, w.mailer.sent.length];
    w.dir.invitationWorkflow.failNextCreate = Object.assign(new Error('injected'), { name: 'InternalServerError' });
    await expect(inviteMembers(w.deps, w.manager, { emails: ['x1@acme.test'] })).rejects.toThrow('injected');
    expect([w.dir.invitations.size, w.mailer.sent.length]).toEqual(before);
    expect((await inviteMembers(w.deps, w.manager, { emails: ['x1@acme.test'] }))[0].status).toBe('invited');
  });

  it('past 500 new invitations a day: 429 and nothing written or mailed', async () => {
    const w = await world();
    await inviteMembers(w.deps, w.manager, { emails: Array.from({ length: 100 }, (_, n) => `a${n}@acme.test`) });
    w.dir.invitationWorkflow.quota.set(`${w.account.id}/2026-11-22`, 450);
    const before = [w.dir.invitations.size, w.mailer.sent.length];
    await expect(
      inviteMembers(w.deps, w.manager, { emails: Array.from({ length: 51 }, (_, n) => `b${n}@acme.test`) }),
    ).rejects.toThrow(RateLimitedError);
    expect([w.dir.invitations.size, w.mailer.sent.length]).toEqual(before);
    // positive control: 50 still fit
    expect(
      (
        await inviteMembers(w.deps, w.manager, { emails: Array.from({ length: 50 }, (_, n) => `b${n}@acme.test`) })
      ).every((r) => r.status === 'invited'),
    ).toBe(true);
  });
});

describe('resend, revoke, accept', () => {
  it('resend replaces the link; revoke makes it 410 revoked; an accepted one is final', async () => {
    const w = await world();
    const [r] = await inviteMembers(w.deps, w.manager, { emails: ['joe@acme.test'] });
    const oldToken = w.mailer.lastToken();
    const { invitation: again } = await resendInvitation(w.deps, w.manager, r.invitationId!);
    expect(again).toMatchObject({ resendCount: 1, delivery: 'sent' });
    await expect(acceptInvitation(w.deps, { token: oldToken, password: PASSWORD })).rejects.toThrow(
      InvitationUsedError,
    );
    const newToken = w.mailer.lastToken();
    await revokeInvitation(w.deps, w.manager, r.invitationId!);
    await expect(acceptInvitation(w.deps, { token: newToken, password: PASSWORD })).rejects.toThrow(
      InvitationRevokedError,
    );
    await expect(resendInvitation(w.deps, w.manager, r.invitationId!)).rejects.toThrow(ConflictError);
  });

  it('accepting creates the member with the invited role; an existing identity must give its password', async () => {
    const w = await world();
    const [r] = await inviteMembers(w.deps, w.manager, {
      emails: ['boss@acme.test', 'new.person@acme.test'],
      role: 'account_manager',
    });
    expect(r).toMatchObject({ status: 'skipped', reason: 'already_member' });
    const { user } = await acceptInvitation(w.deps, { token: w.mailer.lastToken(), password: PASSWORD });
    expect(user).toMatchObject({
      email: 'new.person@acme.test',
      username: 'new.person',
      role: 'account_manager',
      status: 'active',
    });

    // the same person invited to a second account
    const { account: beta } = await createAccount(
      w.deps,
      { kind: 'operator' },
      { name: 'Beta', owner: { email: 'owner@beta.test', firstName: 'O', lastName: 'B' } },
    );
    const ownerBeta = await acceptInvitation(w.deps, { token: w.mailer.lastToken(), password: PASSWORD });
    const betaManager: MemberCaller = {
      kind: 'member',
      identity: w.dir.identities.get(ownerBeta.user.identityId!)!,
      membership: w.dir.memberships.get(`${ownerBeta.user.identityId}/${beta.id}`)!,
    };
    await inviteMembers(w.deps, betaManager, { emails: ['new.person@acme.test'] });
    const token = w.mailer.lastToken();
    await expect(acceptInvitation(w.deps, { token, password: 'Wrong-Password-1' })).rejects.toThrow(
      InvalidCredentialsError,
    );
    const joined = await acceptInvitation(w.deps, { token, password: PASSWORD });
    expect(joined.user.identityId).toBe(user.identityId);
    expect(await w.idp.verifyPassword('new.person@acme.test', PASSWORD)).toBe(true);
  });
});

describe('the setup mail again', () => {
  it('a set-up member: password replaced, sessions revoked, and the new link sets a new password without the old one', async () => {
    const w = await world();
    const u = await w.setUpMember('sam', 'sam@acme.test', 'Sam', 'S');
    w.clock.advance(60);
    const link = await sendUserInvitation(w.deps, w.manager, u.id);
    expect(link).toMatchObject({ kind: 'reset', userId: u.id, delivery: 'sent' });
    expect(await w.idp.verifyPassword('sam@acme.test', PASSWORD)).toBe(false);
    expect(w.lifecycle.ports.signIns.calls).toEqual(['scramble:sam@acme.test', 'signOut:sam@acme.test']);
    expect(w.dir.identities.get(u.identityId!)!.tokensValidAfter).toBe(Math.floor(w.clock.now().getTime() / 1000) + 1);
    await acceptInvitation(w.deps, { token: w.mailer.lastToken(), password: 'Fresh-Password-2' });
    expect(await w.idp.verifyPassword('sam@acme.test', 'Fresh-Password-2')).toBe(true);
  });

  it('a setup-again link lives an hour, like a reset link (injected clock): a second before it works, at the hour it is expired', async () => {
    const w = await world();
    const late = await w.setUpMember('late', 'late@acme.test', 'La', 'Te');
    const early = await w.setUpMember('early', 'early@acme.test', 'Ea', 'Rly');
    const lateLink = await sendUserInvitation(w.deps, w.manager, late.id);
    const lateToken = w.mailer.lastToken();
    expect(Date.parse(lateLink.expiresAt) - w.clock.now().getTime()).toBe(3600_000);
    await sendUserInvitation(w.deps, w.manager, early.id);
    const earlyToken = w.mailer.lastToken();
    w.clock.advance(3599);
    await expect(acceptInvitation(w.deps, { token: earlyToken, password: 'Fresh-Password-2' })).resolves.toMatchObject({
      user: { id: early.id },
    });
    w.clock.advance(1);
    await expect(acceptInvitation(w.deps, { token: lateToken, password: 'Fresh-Password-2' })).rejects.toThrow(
      InvitationExpiredError,
    );
  });

  it('a later password change retires a setup-again link; accepting a fresh one revokes every session', async () => {
    const w = await world();
    const u = await w.setUpMember('sam', 'sam@acme.test', 'Sam', 'S');
    await sendUserInvitation(w.deps, w.manager, u.id);
    const retired = w.mailer.lastToken();
    // in the very second the link was sent: the whole-second mark cannot move, the change still retires the link
    await setUserPassword(w.deps, w.manager, u.id, { password: 'Manager-Set-Pass-1' });
    await expect(acceptInvitation(w.deps, { token: retired, password: 'Fresh-Password-2' })).rejects.toThrow(
      InvitationUsedError,
    );
    expect(await w.idp.verifyPassword('sam@acme.test', 'Manager-Set-Pass-1')).toBe(true);

    // positive control: a link issued after the change works, and accepting it moves the identity's revocation mark
    w.clock.advance(5);
    await sendUserInvitation(w.deps, w.manager, u.id);
    const fresh = w.mailer.lastToken();
    const markBefore = w.dir.identities.get(u.identityId!)!.tokensValidAfter;
    w.clock.advance(5);
    await acceptInvitation(w.deps, { token: fresh, password: 'Fresh-Password-2' });
    expect(await w.idp.verifyPassword('sam@acme.test', 'Fresh-Password-2')).toBe(true);
    expect(w.dir.identities.get(u.identityId!)!.tokensValidAfter).toBe(revocationMark(w.clock.now()));
    expect(w.dir.identities.get(u.identityId!)!.tokensValidAfter).toBeGreaterThan(markBefore);
  });

  it('refuses a person whose sign-in is shared with another account, changing nothing', async () => {
    const w = await world();
    const u = await w.setUpMember('dual', 'dual@acme.test', 'D', 'U');
    await createAccount(
      w.deps,
      { kind: 'operator' },
      { name: 'Beta', owner: { email: 'dual@acme.test', firstName: 'D', lastName: 'U' } },
    );
    await acceptInvitation(w.deps, { token: w.mailer.lastToken(), password: PASSWORD });
    await expect(sendUserInvitation(w.deps, w.manager, u.id)).rejects.toThrow(IdentitySharedError);
    expect(await w.idp.verifyPassword('dual@acme.test', PASSWORD)).toBe(true);
    expect(w.lifecycle.ports.signIns.calls).toEqual([]);
  });
});

describe('members created directly and the daily mail quota', () => {
  it('each takes a place of the day, like an invitation; past the limit 429 and nothing is created', async () => {
    const w = await world();
    const day = `${w.account.id}/${quotaDay(w.clock.now()).day}`;
    w.dir.invitationWorkflow.quota.set(day, DAILY_INVITATION_LIMIT - 1);
    await createUser(w.deps, w.manager, { username: 'last', email: 'last@acme.test', firstName: 'L', lastName: 'A' });
    expect(w.dir.invitationWorkflow.quota.get(day)).toBe(DAILY_INVITATION_LIMIT);
    const users = w.dir.users.size;
    const mails = w.mailer.sent.length;
    await expect(
      createUser(w.deps, w.manager, { username: 'over', email: 'over@acme.test', firstName: 'O', lastName: 'V' }),
    ).rejects.toThrow(RateLimitedError);
    expect({ users: w.dir.users.size, mails: w.mailer.sent.length }).toEqual({ users, mails });
    await expect(inviteMembers(w.deps, w.manager, { emails: ['x@acme.test'] })).rejects.toThrow(RateLimitedError);
  });
});

describe('cleanup', () => {
  it('expires what is due, bounded per run, carrying on next run; a run with nothing due changes nothing', async () => {
    const w = await world();
    await inviteMembers(w.deps, w.manager, { emails: Array.from({ length: 7 }, (_, n) => `c${n}@acme.test`) });
    w.clock.advance(3 * DAY);
    await inviteMembers(w.deps, w.manager, { emails: ['later@acme.test'] });
    w.clock.advance(4 * DAY + 1);
    const deps = { cleanup: w.dir.invitationWorkflow.cleanup, clock: w.deps.clock, ids: w.deps.ids };
    expect(await cleanupInvitations(deps, 5)).toMatchObject({ expired: 5, more: true });
    expect(await cleanupInvitations(deps, 5)).toMatchObject({ expired: 2, more: false });
    expect(await cleanupInvitations(deps, 5)).toMatchObject({ expired: 0, more: false });
    expect(w.dir.events.filter((e) => e.type === 'invitation.expired')).toHaveLength(7);
    // the freed addresses may be invited again; the later one is still pending
    expect(
      (await inviteMembers(w.deps, w.manager, { emails: ['c0@acme.test', 'later@acme.test'] })).map((r) => r.status),
    ).toEqual(['invited', 'skipped']);
  });
});
