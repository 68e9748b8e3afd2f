/** POST …/users/{userId}/invitation: the setup mail again, and for a set-up member a forced fresh start. */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, clock } from '../../support/http.ts';
import { mailsTo } from '../../support/mailbox.ts';
import { newAccount, newMember, nextSecond, PASSWORD, signIn, userInput } from '../../builders/api.ts';
import { acceptLink, linkOf, listAll, mailCount } from '../../builders/invitations.ts';

const NEW_PASSWORD = 'Brand-New-Password-7';
let acme: Awaited<ReturnType<typeof newAccount>>;
const userInvitation = (userId: string, token = acme.token, accountId = acme.accountId) =>
  call('POST', `/v1/accounts/${accountId}/users/${userId}/invitation`, { token });

beforeAll(async () => {
  acme = await newAccount('Acme Setup');
});
afterEach(async () => {
  await clock(0);
});

describe('a member who has not set up their sign-in yet', () => {
  it('gets their setup link again: the old link answers 410, the new one works', async () => {
    const created = await call('POST', `/v1/accounts/${acme.accountId}/users`, {
      token: acme.token,
      body: userInput(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const user = created.body as { id: string; email: string };
    const oldToken = await linkOf(user.email);
    const r = await userInvitation(user.id);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ invitationId: expect.any(String), expiresAt: expect.any(String), delivery: 'sent' });
    expect(await mailCount(user.email)).toBe(2);
    const stale = await acceptLink(oldToken, PASSWORD);
    expect(stale.status).toBe(410);
    expect(stale.body).toMatchObject({ code: 'invitation_used' });
    const fresh = await acceptLink(await linkOf(user.email), PASSWORD);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ user: { id: user.id, status: 'active' } });
  });
});

describe('a member who has set up their sign-in', () => {
  it('is signed out and locked out, and sets a new password through the new link', async () => {
    const member = await newMember(acme);
    // positive control: their session works before
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(200);
    const r = await userInvitation(member.id);
    expect(r.status, JSON.stringify(r.body)).toBe(202);

    // sessions revoked at once; the old password no longer signs in
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(401);
    expect((await call('POST', '/v1/auth/token', { body: { email: member.email, password: PASSWORD } })).status).toBe(
      401,
    );
    const mail = (await mailsTo(member.email)).at(-1)!;
    expect(mail.subject).toBe('Set up your Acme Setup sign-in again');

    // the link proves control of the mailbox: a new password is set without the old one
    const accepted = await acceptLink(await linkOf(member.email), NEW_PASSWORD);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ accountId: acme.accountId, user: { id: member.id, status: 'active' } });
    expect((await listAll(acme, 'accepted')).find((i) => i.userId === member.id && i.kind === 'reset')).toMatchObject({
      status: 'accepted',
    });
    await nextSecond();
    const token = await signIn(member.email, NEW_PASSWORD);
    expect((await call('GET', '/v1/me', { token })).status).toBe(200);
    expect((await call('POST', '/v1/auth/token', { body: { email: member.email, password: PASSWORD } })).status).toBe(
      401,
    );
    // the link is used up
    expect((await acceptLink(await linkOf(member.email), 'Yet-Another-Pass-8')).status).toBe(410);
  });

  it('asking twice re-sends the same reset link with a new token; only the newest works', async () => {
    const member = await newMember(acme);
    const first = await userInvitation(member.id);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const firstToken = await linkOf(member.email);
    const second = await userInvitation(member.id);
    expect(second.status, JSON.stringify(second.body)).toBe(202);
    expect((second.body as { invitationId: string }).invitationId).toBe(
      (first.body as { invitationId: string }).invitationId,
    );
    expect((await acceptLink(firstToken, NEW_PASSWORD)).status).toBe(410);
    expect((await acceptLink(await linkOf(member.email), NEW_PASSWORD)).status).toBe(200);
  });

  it('is refused for a person who also signs in to another account (409 identity_shared), changing nothing', async () => {
    const other = await newAccount('Other Setup');
    const member = await newMember(acme);
    const invited = await call('POST', `/v1/accounts/${other.accountId}/invitations`, {
      token: other.token,
      body: { emails: [member.email] },
    });
    expect(invited.status).toBe(200);
    expect((await acceptLink(await linkOf(member.email), PASSWORD)).status).toBe(200);
    const before = await mailCount(member.email);
    const r = await userInvitation(member.id);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'identity_shared' });
    expect(await mailCount(member.email)).toBe(before);
    // nothing changed: the old password and session still work
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(200);
    expect(await signIn(member.email)).toEqual(expect.any(String));
    // positive control: a member who signs in to this account only
    const solo = await newMember(acme);
    expect((await userInvitation(solo.id)).status).toBe(202);
  });

  it('only account managers; another account’s member is 404; one’s own sign-in is 409 (positive control: a manager on a member)', async () => {
    const member = await newMember(acme);
    const peer = await newMember(acme);
    const other = await newAccount('Elsewhere Setup');
    expect((await userInvitation(peer.id, member.token)).status).toBe(403);
    expect((await userInvitation(other.ownerId)).status).toBe(404);
    expect((await userInvitation(acme.ownerId)).status).toBe(409);
    expect((await call('GET', '/v1/me', { token: peer.token })).status).toBe(200);
    expect((await call('GET', '/v1/me', { token: acme.token })).status).toBe(200);
    expect((await userInvitation(peer.id)).status).toBe(202);
    expect((await call('GET', '/v1/me', { token: peer.token })).status).toBe(401);
  });
});
