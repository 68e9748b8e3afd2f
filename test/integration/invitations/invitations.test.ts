import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, clearFaults, clock, fault } from '../../support/http.ts';
import { mailsTo } from '../../support/mailbox.ts';
import { newAccount, newMember, PASSWORD, signIn } from '../../builders/api.ts';
import {
  acceptLink,
  authorizationCommands,
  invitationsPath,
  invite,
  inviteeEmail,
  inviteOne,
  linkOf,
  listAll,
  mailCount,
  type InvitationDto,
  type InvitationPage,
} from '../../builders/invitations.ts';

const DAY = 24 * 3600;
let acme: Awaited<ReturnType<typeof newAccount>>;
let other: Awaited<ReturnType<typeof newAccount>>;

beforeAll(async () => {
  [acme, other] = await Promise.all([newAccount('Acme Invites'), newAccount('Other Invites')]);
});
afterEach(async () => {
  await clock(0);
  await clearFaults();
});

describe('POST /invitations', () => {
  it('answers one result per address in input order, with every skip and invalid reason', async () => {
    const member = await newMember(acme);
    const pending = await inviteOne(acme);
    const [fresh, second] = [inviteeEmail('fresh'), inviteeEmail('second')];
    const emails = [
      fresh,
      'not-an-email',
      'someone@mailinator.com',
      fresh.toUpperCase(),
      member.email,
      pending.email,
      ` ${second} `,
    ];
    const { results } = await invite(acme, emails, { role: 'account_manager', message: 'Welcome to <b>the</b> team!' });

    expect(results).toEqual([
      { email: fresh, status: 'invited', invitationId: expect.any(String), delivery: 'sent' },
      { email: 'not-an-email', status: 'invalid', reason: 'invalid_email' },
      { email: 'someone@mailinator.com', status: 'invalid', reason: 'disposable_email' },
      { email: fresh, status: 'skipped', reason: 'duplicate_in_request' },
      { email: member.email, status: 'skipped', reason: 'already_member' },
      { email: pending.email, status: 'skipped', reason: 'already_invited' },
      { email: second, status: 'invited', invitationId: expect.any(String), delivery: 'sent' },
    ]);
    // one mail per invited address, none to the others
    expect(await mailCount(fresh)).toBe(1);
    expect(await mailCount(second)).toBe(1);
    expect(await mailCount('someone@mailinator.com')).toBe(0);
    expect(await mailCount(pending.email)).toBe(1);
    const [mail] = await mailsTo(fresh);
    expect(mail.subject).toBe('Olive Owner invited you to Acme Invites');
    expect(mail.body.text).toContain('Welcome to <b>the</b> team!');
    expect(mail.body.html).toContain('Welcome to &lt;b&gt;the&lt;/b&gt; team!');
    expect(mail.body.text).toMatch(/accept-invitation\?token=[\w-]{43}/);
    expect(mail.body.text).toMatch(/expires on \w+ \d{1,2}, \d{4} at \d{1,2}:\d{2}\s[AP]M\./);

    const listed = await listAll(acme, 'pending');
    expect(listed.find((i) => i.id === results[0].invitationId)).toMatchObject({
      email: fresh,
      role: 'account_manager',
      status: 'pending',
      kind: 'invite',
      userId: null,
      resendCount: 0,
      delivery: 'sent',
      invitedBy: { kind: 'user', userId: acme.ownerId },
    });
  });

  it.each([
    ['no addresses', { emails: [] }, 'emails'],
    ['101 addresses', { emails: Array.from({ length: 101 }, (_, i) => `p${i}@example.org`) }, 'emails'],
    ['an address that is not a string', { emails: [42] }, 'emails.0'],
    ['a message over 500 characters', { emails: ['a@example.org'], message: 'x'.repeat(501) }, 'message'],
    ['an unknown role', { emails: ['a@example.org'], role: 'superuser' }, 'role'],
    ['a field it may not set', { emails: ['a@example.org'], status: 'accepted' }, 'status'],
  ])('refuses %s with 400 problem+json and invites nobody', async (_name, body, path) => {
    const before = (await listAll(acme, 'pending')).length;
    const r = await call('POST', invitationsPath(acme.accountId), { token: acme.token, body });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.body).toMatchObject({
      code: 'validation_failed',
      errors: expect.arrayContaining([expect.objectContaining({ path })]),
    });
    expect((await listAll(acme, 'pending')).length).toBe(before);
    expect(await mailCount('a@example.org')).toBe(0);
  });

  it('is for account managers only; another account is 404 (positive controls: its managers)', async () => {
    const member = await newMember(acme);
    const email = inviteeEmail();
    expect(
      (await call('POST', invitationsPath(acme.accountId), { token: member.token, body: { emails: [email] } })).status,
    ).toBe(403);
    expect((await call('GET', invitationsPath(acme.accountId), { token: member.token })).status).toBe(403);
    expect(
      (await call('POST', invitationsPath(other.accountId), { token: acme.token, body: { emails: [email] } })).status,
    ).toBe(404);
    expect((await call('GET', invitationsPath(other.accountId), { token: acme.token })).status).toBe(404);
    const theirs = await inviteOne(other);
    for (const [method, path] of [
      ['POST', `${invitationsPath(acme.accountId)}/${theirs.invitationId}/resend`],
      ['DELETE', `${invitationsPath(acme.accountId)}/${theirs.invitationId}`],
    ]) {
      expect((await call(method, path, { token: acme.token })).status, `${method} ${path}`).toBe(404);
    }
    expect(await mailCount(email)).toBe(0);
    // positive controls
    expect((await invite(acme, [email])).results[0].status).toBe('invited');
    expect(
      (await call('DELETE', `${invitationsPath(other.accountId)}/${theirs.invitationId}`, { token: other.token }))
        .status,
    ).toBe(204);
  });

  it('20 parallel invites of one address make exactly one invitation and one mail', async () => {
    const email = inviteeEmail('race');
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        call('POST', invitationsPath(acme.accountId), { token: acme.token, body: { emails: [email] } }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));
    const results = replies.map((r) => (r.body as { results: { status: string; reason?: string }[] }).results[0]);
    expect(results.filter((r) => r.status === 'invited')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'skipped')).toEqual(
      Array(19).fill({ email, status: 'skipped', reason: 'already_invited' }),
    );
    expect((await listAll(acme, 'pending')).filter((i) => i.email === email)).toHaveLength(1);
    expect(await mailCount(email)).toBe(1);
  });

  it('reports a mail SES refuses: the invitation stays pending with delivery "failed"', async () => {
    const [refused, delivered] = [inviteeEmail('refused'), inviteeEmail('delivered')];
    await fault({ service: 'ses', command: 'SendEmailCommand', times: 1, errorName: 'MessageRejected' });
    const { results, ddbCommands: refusedCalls } = await invite(acme, [refused]);
    expect(results[0]).toEqual({
      email: refused,
      status: 'invited',
      invitationId: expect.any(String),
      delivery: 'failed',
    });
    expect((await listAll(acme, 'pending')).find((i) => i.id === results[0].invitationId)).toMatchObject({
      status: 'pending',
      delivery: 'failed',
    });
    expect(await mailCount(refused)).toBe(0);
    // positive control: the next one goes out
    const sent = await invite(acme, [delivered]);
    expect(sent.results[0]).toMatchObject({ status: 'invited', delivery: 'sent' });
    // stored as sent with its transaction: only the refusal cost a write after the mail (its UpdateItem)
    expect(sent.ddbCommands.at(-1)).toBe('TransactWriteItemsCommand');
    expect(refusedCalls).toEqual([...sent.ddbCommands, 'UpdateItemCommand']);
    expect((await listAll(acme, 'pending')).find((i) => i.email === delivered)).toMatchObject({ delivery: 'sent' });
    // and the refused one can be sent again
    const resent = await call('POST', `${invitationsPath(acme.accountId)}/${results[0].invitationId}/resend`, {
      token: acme.token,
    });
    expect(resent.body).toMatchObject({ delivery: 'sent', resendCount: 1 });
    expect(await mailCount(refused)).toBe(1);
  });

  it('a failed write (DynamoDB fault) answers 500 without detail, invites and mails nobody, and a retry works', async () => {
    const emails = [inviteeEmail('f1'), inviteeEmail('f2')];
    await fault({ service: 'dynamodb', command: 'TransactWriteItemsCommand', times: 1 });
    const failed = await call('POST', invitationsPath(acme.accountId), { token: acme.token, body: { emails } });
    expect(failed.status).toBe(500);
    expect(JSON.stringify(failed.body)).not.toMatch(/TransactWrite|Injected|dynamodb/i);
    expect((await listAll(acme, 'pending')).filter((i) => emails.includes(i.email))).toEqual([]);
    expect(await mailCount(emails[0])).toBe(0);
    expect((await invite(acme, emails)).results.map((r) => r.status)).toEqual(['invited', 'invited']);
  });

  it('invites 100 addresses with 2 batch reads and 4 transactions, plus authorization and one delivery transaction', async () => {
    const manager = await newAccount('Hundred Co');
    const authorization = await authorizationCommands(manager);
    const emails = Array.from({ length: 100 }, (_, i) => inviteeEmail(`h${i}`));
    const started = performance.now();
    const r = await call('POST', invitationsPath(manager.accountId), { token: manager.token, body: { emails } });
    const ms = performance.now() - started;
    expect(r.status).toBe(200);
    const results = (r.body as { results: { email: string; status: string }[] }).results;
    expect(results.map((x) => x.email)).toEqual(emails);
    expect(results.every((x) => x.status === 'invited')).toBe(true);
    // the batch's checks and writes: 2 BatchGetItem (102 keys) + 4 TransactWriteItems (3 items per invitation,
    // one event per transaction, the quota) = 6; plus the authorization read every route makes. A batch's
    // invitations are stored pending, and their 100 outcomes are written after the mails in one transaction
    const own = r.ddbCommands.slice(authorization.length);
    expect(r.ddbCommands.slice(0, authorization.length)).toEqual(authorization);
    expect(own).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand', ...Array(5).fill('TransactWriteItemsCommand')]);
    const pending = await listAll(manager, 'pending');
    expect(pending).toHaveLength(100);
    expect(pending.every((i) => i.delivery === 'sent')).toBe(true);
    console.info(
      `100-address invite: ${r.ddbCalls} DynamoDB calls (${r.ddbCommands.join(', ')}; ${authorization.length} of them authorization), ${ms.toFixed(0)} ms`,
    );
    let listed = 0;
    let cursor: string | null = null;
    do {
      const page: InvitationPage = (
        await call(
          'GET',
          `${invitationsPath(manager.accountId)}?limit=30${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          { token: manager.token },
        )
      ).body;
      listed += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed).toBe(100);
  });

  it('refuses the 501st new invitation of a day with 429 and Retry-After; other accounts are not affected', async () => {
    const busy = await newAccount('Busy Co');
    const invited: string[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const emails = Array.from({ length: 100 }, (_, i) => inviteeEmail(`q${batch}-${i}`));
      const { results } = await invite(busy, emails);
      expect(results.map((x) => x.status)).toEqual(Array(100).fill('invited'));
      invited.push(...emails);
    }
    const email = inviteeEmail('one-too-many');
    const refused = await call('POST', invitationsPath(busy.accountId), {
      token: busy.token,
      body: { emails: [email] },
    });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(DAY);
    expect(await mailCount(email)).toBe(0);
    // skips do not count: an already-invited address still answers 200
    const again = await call('POST', invitationsPath(busy.accountId), {
      token: busy.token,
      body: { emails: [invited[0]] },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((again.body as { results: unknown[] }).results).toEqual([
      { email: invited[0], status: 'skipped', reason: 'already_invited' },
    ]);
    // positive control: the next UTC day has a fresh allowance
    await clock(DAY);
    expect((await invite(busy, [email])).results[0].status).toBe('invited');
    await clock(0);
    expect((await invite(other, [inviteeEmail()])).results[0].status).toBe('invited');
  }, 120_000);
});

describe('GET /invitations', () => {
  it('lists by status, newest first, one page per Query; a forged cursor is 400', async () => {
    const manager = await newAccount('Listing Co');
    const a = await inviteOne(manager);
    const b = await inviteOne(manager);
    const c = await inviteOne(manager);
    const pending = await listAll(manager, 'pending');
    expect(pending.map((i) => i.id)).toEqual([c.invitationId, b.invitationId, a.invitationId]);
    expect(pending[0]).toEqual({
      id: c.invitationId,
      email: c.email,
      role: 'user',
      status: 'pending',
      kind: 'invite',
      userId: null,
      invitedBy: { kind: 'user', userId: manager.ownerId },
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      resendCount: 0,
      delivery: 'sent',
      unitId: expect.any(String),
    });
    const first = await call('GET', `${invitationsPath(manager.accountId)}?limit=2`, { token: manager.token });
    expect(first.ddbCommands).toEqual([...(await authorizationCommands(manager)), 'QueryCommand']);
    const page = first.body as InvitationPage;
    expect(page.items).toHaveLength(2);
    const rest = (
      await call(
        'GET',
        `${invitationsPath(manager.accountId)}?limit=2&cursor=${encodeURIComponent(page.nextCursor!)}`,
        { token: manager.token },
      )
    ).body as InvitationPage;
    expect(rest).toEqual({ items: [expect.objectContaining({ id: a.invitationId })], nextCursor: null });
    // a pending cursor is not an expired one, nor another account's
    expect(
      (
        await call(
          'GET',
          `${invitationsPath(manager.accountId)}?status=expired&cursor=${encodeURIComponent(page.nextCursor!)}`,
          { token: manager.token },
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await call('GET', `${invitationsPath(other.accountId)}?cursor=${encodeURIComponent(page.nextCursor!)}`, {
          token: other.token,
        })
      ).status,
    ).toBe(400);
    for (const q of ['status=gone', 'limit=0', 'limit=101', 'sort=email']) {
      expect(
        (await call('GET', `${invitationsPath(manager.accountId)}?${q}`, { token: manager.token })).status,
        q,
      ).toBe(400);
    }
  });

  it('expiry is applied when reading: an expired invitation leaves "pending" before any cleanup ran, and is listed as expired for 30 days', async () => {
    const manager = await newAccount('Expiry Co');
    const old = await inviteOne(manager);
    await clock(6 * DAY);
    const young = await inviteOne(manager);
    // a day later the first one has expired; nothing ran the cleanup
    await clock(7 * DAY + 60);
    expect((await listAll(manager, 'pending')).map((i) => i.id)).toEqual([young.invitationId]);
    expect(await listAll(manager, 'expired')).toEqual([
      expect.objectContaining({ id: old.invitationId, status: 'expired' }),
    ]);
    await clock(7 * DAY + 29 * DAY);
    expect((await listAll(manager, 'expired')).map((i) => i.id)).toContain(old.invitationId);
    await clock(7 * DAY + 31 * DAY);
    expect((await listAll(manager, 'expired')).map((i) => i.id)).not.toContain(old.invitationId);
  });
});

describe('resend and revoke', () => {
  it('resend: a new link (the old one answers 410), the expiry restarts, a mail goes out', async () => {
    const { email, invitationId } = await inviteOne(acme);
    const oldToken = await linkOf(email);
    const before = (await listAll(acme, 'pending')).find((i) => i.id === invitationId)!;
    await clock(3 * DAY);
    const r = await call('POST', `${invitationsPath(acme.accountId)}/${invitationId}/resend`, { token: acme.token });
    expect(r.status).toBe(200);
    const resent = r.body as InvitationDto;
    expect(resent).toMatchObject({
      id: invitationId,
      status: 'pending',
      resendCount: 1,
      delivery: 'sent',
      resentAt: expect.any(String),
    });
    expect(Date.parse(resent.expiresAt) - Date.parse(before.expiresAt)).toBeGreaterThanOrEqual(3 * DAY * 1000 - 5_000);
    expect(await mailCount(email)).toBe(2);
    const newToken = await linkOf(email);
    expect(newToken).not.toBe(oldToken);
    const stale = await acceptLink(oldToken, PASSWORD);
    expect(stale.status).toBe(410);
    expect(stale.body).toMatchObject({ code: 'invitation_used' });
    // positive control: the new link works (past the first link's expiry too)
    await clock(8 * DAY);
    expect((await acceptLink(newToken, PASSWORD)).status).toBe(200);
  });

  it('allows 5 resends a day, then 429 with Retry-After; an accepted or revoked invitation is 409', async () => {
    const { email, invitationId } = await inviteOne(acme);
    const resend = () =>
      call('POST', `${invitationsPath(acme.accountId)}/${invitationId}/resend`, { token: acme.token });
    for (let i = 1; i <= 5; i++) expect((await resend()).status, `resend ${i}`).toBe(200);
    const limited = await resend();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(DAY - 120);
    expect(await mailCount(email)).toBe(6);
    await clock(DAY + 1);
    expect((await resend()).status).toBe(200);
    expect((await acceptLink(await linkOf(email), PASSWORD)).status).toBe(200);
    const accepted = await resend();
    expect(accepted.status).toBe(409);
    const revoked = await inviteOne(acme);
    expect(
      (await call('DELETE', `${invitationsPath(acme.accountId)}/${revoked.invitationId}`, { token: acme.token }))
        .status,
    ).toBe(204);
    expect(
      (await call('POST', `${invitationsPath(acme.accountId)}/${revoked.invitationId}/resend`, { token: acme.token }))
        .status,
    ).toBe(409);
  });

  it('revoke: 204, listed as revoked, its link answers 410 invitation_revoked, and the address can be invited again', async () => {
    const { email, invitationId } = await inviteOne(acme);
    const token = await linkOf(email);
    const r = await call('DELETE', `${invitationsPath(acme.accountId)}/${invitationId}`, { token: acme.token });
    expect(r.status).toBe(204);
    expect((await listAll(acme, 'revoked')).find((i) => i.id === invitationId)).toMatchObject({ status: 'revoked' });
    expect((await listAll(acme, 'pending')).map((i) => i.id)).not.toContain(invitationId);
    const refused = await acceptLink(token, PASSWORD);
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ code: 'invitation_revoked' });
    // revoking again changes nothing; an unknown id is 404
    expect(
      (await call('DELETE', `${invitationsPath(acme.accountId)}/${invitationId}`, { token: acme.token })).status,
    ).toBe(204);
    expect(
      (await call('DELETE', `${invitationsPath(acme.accountId)}/01JUNKJUNKJUNKJUNKJUNKJUNK`, { token: acme.token }))
        .status,
    ).toBe(404);
    const again = await invite(acme, [email]);
    expect(again.results[0]).toMatchObject({ status: 'invited' });
    expect(again.results[0].invitationId).not.toBe(invitationId);
  });
});

describe('accepting an invitation', () => {
  it('creates the member with the invited role; the invitation becomes accepted', async () => {
    const manager = await newAccount('Join Co');
    const { email: typed, invitationId } = await inviteOne(manager, inviteeEmail('Joiner'), {
      role: 'account_manager',
    });
    const email = typed.toLowerCase();
    const r = await acceptLink(await linkOf(email), PASSWORD, { firstName: 'Jo', lastName: 'Iner' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { user } = r.body as { user: { id: string; username: string; role: string; status: string; email: string } };
    expect(user).toMatchObject({ email, role: 'account_manager', status: 'active', firstName: 'Jo', lastName: 'Iner' });
    expect(user.username).toMatch(/^joiner\./);
    expect((await listAll(manager, 'accepted')).find((i) => i.id === invitationId)).toMatchObject({
      status: 'accepted',
      userId: user.id,
    });
    const token = await signIn(email);
    // the invited role works at once: an account manager lists the directory
    expect((await call('GET', `/v1/accounts/${manager.accountId}/users`, { token })).status).toBe(200);
    expect(
      (await call('GET', `/v1/accounts/${manager.accountId}/users/${user.id}`, { token: manager.token })).body,
    ).toMatchObject({ status: 'active', role: 'account_manager' });
    // the address is a member now
    expect((await invite(manager, [email])).results[0]).toMatchObject({ status: 'skipped', reason: 'already_member' });
    expect((await acceptLink(await linkOf(email), PASSWORD)).status).toBe(410);
  });

  it('a username taken in the account gets a suffix', async () => {
    const manager = await newAccount('Names Co');
    const local = `dup${Date.now().toString(36)}`;
    await newMember(manager, { username: local });
    const email = `${local}@example.org`;
    await inviteOne(manager, email);
    const { user } = (await acceptLink(await linkOf(email), PASSWORD)).body as { user: { username: string } };
    expect(user.username).toMatch(new RegExp(`^${local}-[0-9a-f]{4}$`));
  });

  it('a person who already signs in elsewhere accepts with their existing password; a wrong one is 401', async () => {
    const elsewhere = await newMember(other);
    const { invitationId } = await inviteOne(acme, elsewhere.email);
    const token = await linkOf(elsewhere.email);
    const wrong = await acceptLink(token, 'Not-The-Password-1');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials' });
    expect((await listAll(acme, 'pending')).map((i) => i.id)).toContain(invitationId);
    expect((await acceptLink(token, PASSWORD)).status).toBe(200);
    const me = await call('GET', '/v1/me', { token: await signIn(elsewhere.email) });
    expect((me.body as { memberships: { accountId: string }[] }).memberships.map((m) => m.accountId).sort()).toEqual(
      [acme.accountId, other.accountId].sort(),
    );
  });

  it('after expiry (moved clock) the link answers 410 invitation_expired although its record still exists', async () => {
    const [late, onTime] = [await inviteOne(acme), await inviteOne(acme)];
    const [lateToken, onTimeToken] = [await linkOf(late.email), await linkOf(onTime.email)];
    await clock(7 * DAY - 60);
    // positive control: a minute before expiry a link of the same age works
    expect((await acceptLink(onTimeToken, PASSWORD)).status).toBe(200);
    await clock(7 * DAY + 1);
    const refused = await acceptLink(lateToken, PASSWORD);
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ code: 'invitation_expired' });
    expect((await listAll(acme, 'expired')).map((i) => i.id)).toContain(late.invitationId);
  });

  it('converges when DynamoDB fails after Cognito created the identity', async () => {
    const { email } = await inviteOne(acme);
    const token = await linkOf(email);
    await fault({ service: 'dynamodb', command: 'TransactWriteItemsCommand', times: 1 });
    expect((await acceptLink(token, PASSWORD)).status).toBe(500);
    expect((await acceptLink(token, PASSWORD)).status).toBe(200);
    expect(await signIn(email)).toEqual(expect.any(String));
  });

  it('a removed (closed) member may be invited again and starts clean', async () => {
    const member = await newMember(acme);
    const closed = await call('DELETE', `/v1/accounts/${acme.accountId}/users/${member.id}`, {
      token: acme.token,
      body: { password: PASSWORD },
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(204);
    const { results } = await invite(acme, [member.email]);
    expect(results[0]).toMatchObject({ status: 'invited' });
    const accepted = await acceptLink(await linkOf(member.email), PASSWORD);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const { user } = accepted.body as { user: { id: string; status: string; role: string } };
    expect(user.id).not.toBe(member.id);
    expect(user).toMatchObject({ status: 'active', role: 'user' });
    const me = await call('GET', '/v1/me', { token: await signIn(member.email) });
    expect((me.body as { memberships: { accountId: string; userId: string; status: string }[] }).memberships).toEqual([
      expect.objectContaining({ accountId: acme.accountId, userId: user.id, status: 'active' }),
    ]);
  });
});
