import { beforeAll, describe, expect, it } from 'vitest';
import { auditEventKey } from '#adapters/dynamodb/entities/audit-event.ts';
import { storedItem } from '../../support/dynamo.ts';
import { call } from '../../support/http.ts';
import { lastLinkTo } from '../../support/mailbox.ts';
import { PASSWORD, newAccount, newMember, nextSecond, signIn, tokenRequest } from '../../builders/api.ts';
import { enrollTotp, eventsOf, signInWithMfa, totpCode, type AuditEventDto } from '../../builders/lifecycle.ts';

type Page = { items: AuditEventDto[]; nextCursor: string | null };

let acme: Awaited<ReturnType<typeof newAccount>>;
let member: Awaited<ReturnType<typeof newMember>>;
/** The member's history, oldest first, as [type, actor] pairs: 'manager', 'member', 'anonymous'. */
const story: [string, string][] = [];

const userPath = () => `/v1/accounts/${acme.accountId}/users/${member.id}`;
const ok = (r: { status: number; body: unknown }, status = 200) =>
  expect(r.status, JSON.stringify(r.body)).toBe(status);

beforeAll(async () => {
  acme = await newAccount('Audited Co');
  member = await newMember(acme, { backupEmail: `backup.${Date.now()}@example.com` });
  story.push(['user.created', 'manager'], ['invitation.accepted', 'member'], ['sign_in.succeeded', 'member']);

  ok(await tokenRequest(member.email, 'Wrong-Password-99'), 401);
  story.push(['sign_in.failed', 'anonymous']);
  ok(await call('PATCH', userPath(), { token: acme.token, body: { firstName: 'Renamed', role: 'account_manager' } }));
  story.push(['user.updated', 'manager'], ['user.role_changed', 'manager']);
  ok(await call('POST', `${userPath()}/deactivate`, { token: acme.token }));
  story.push(['user.deactivated', 'manager']);
  ok(await call('POST', `${userPath()}/reactivate`, { token: acme.token }));
  story.push(['user.reactivated', 'manager']);
  ok(await call('POST', `${userPath()}/password-reset`, { token: acme.token }), 202);
  story.push(['password.reset_requested', 'manager']);
  ok(
    await call('POST', '/v1/auth/reset-password', {
      body: { token: await lastLinkTo(member.email, 'reset-password'), password: 'Reset-Password-11' },
    }),
    204,
  );
  story.push(['password.reset_completed', 'member']);
  ok(
    await call('PUT', `${userPath()}/password`, { token: acme.token, body: { password: PASSWORD, temporary: false } }),
    204,
  );
  story.push(['password.set_by_admin', 'manager']);
  ok(await call('POST', '/v1/auth/forgot-password', { body: { email: member.email } }), 202);
  story.push(['password.reset_requested', 'anonymous']);

  await nextSecond();
  const token = await signIn(member.email);
  story.push(['sign_in.succeeded', 'member']);
  const secret = await enrollTotp(token);
  story.push(['mfa.enabled', 'member']);
  await nextSecond();
  const mfaToken = await signInWithMfa(member.email, secret);
  story.push(['sign_in.succeeded', 'member']);
  ok(await call('DELETE', '/v1/me/mfa', { token: mfaToken, body: { code: totpCode(secret) } }), 204);
  story.push(['mfa.disabled', 'member']);
  await enrollTotp(mfaToken);
  story.push(['mfa.enabled', 'member']);
  ok(await call('DELETE', `${userPath()}/mfa`, { token: acme.token }), 204);
  story.push(['mfa.reset', 'manager']);
  ok(await call('DELETE', userPath(), { token: acme.token, body: { password: PASSWORD } }), 204);
  story.push(['user.closed', 'manager']);
});

const actorOf = (who: string) =>
  who === 'manager'
    ? { kind: 'user', userId: acme.ownerId }
    : who === 'member'
      ? { kind: 'user', userId: member.id }
      : { kind: 'anonymous' };

describe('the audit log', () => {
  it('records every action on a member, newest first, with actor and target', async () => {
    const events = await eventsOf(acme.token, `${userPath()}/events?limit=100`);
    expect(events.map((e) => e.type)).toEqual(story.map(([type]) => type).reverse());
    events.forEach((event, i) => {
      const [type, who] = story[story.length - 1 - i];
      expect(event, type).toMatchObject({ type, actor: actorOf(who), target: { userId: member.id } });
      expect(Date.parse(event.at)).not.toBeNaN();
    });
    const ids = events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort().reverse());
    // details that matter to an auditor
    expect(events.find((e) => e.type === 'sign_in.failed')!.details).toEqual({ reason: 'invalid_password', count: 1 });
    expect(events.filter((e) => e.type === 'password.reset_requested').map((e) => e.details.forced)).toEqual([
      false,
      true,
    ]);
    expect(events.filter((e) => e.type === 'sign_in.succeeded').map((e) => e.details.mfa)).toEqual([
      true,
      false,
      false,
    ]);
    expect(events.find((e) => e.type === 'user.role_changed')!.details).toEqual({
      from: 'user',
      to: 'account_manager',
    });
  });

  it('the account’s log filters by member and by type, and pages with tamper-evident cursors', async () => {
    const base = `/v1/accounts/${acme.accountId}/events`;
    const all = await eventsOf(acme.token, `${base}?limit=100`);
    expect(all.at(-1)).toMatchObject({ type: 'account.created', actor: { kind: 'operator' } });
    const byUser = await eventsOf(acme.token, `${base}?userId=${member.id}&limit=100`);
    expect(byUser).toEqual(await eventsOf(acme.token, `${userPath()}/events?limit=100`));
    expect(byUser).toEqual(all.filter((e) => e.target.userId === member.id));
    const deactivations = await eventsOf(acme.token, `${base}?type=user.deactivated`);
    expect(deactivations.map((e) => e.target.userId)).toEqual([member.id]);
    const signIns = await eventsOf(acme.token, `${base}?type=sign_in.succeeded&userId=${member.id}`);
    expect(signIns).toHaveLength(3);

    const seen: AuditEventDto[] = [];
    let cursor: string | null = null;
    do {
      const r = await call(
        'GET',
        `${base}?userId=${member.id}&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: acme.token },
      );
      ok(r);
      const page = r.body as Page;
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(byUser);

    const first = (await call('GET', `${base}?limit=2`, { token: acme.token })).body as Page;
    const reuseElsewhere = await call(
      'GET',
      `${base}?limit=2&type=user.closed&cursor=${encodeURIComponent(first.nextCursor!)}`,
      { token: acme.token },
    );
    expect(reuseElsewhere.status).toBe(400);
    expect(
      (
        await call('GET', `${base}?limit=2&cursor=${encodeURIComponent(`x${first.nextCursor!}`)}`, {
          token: acme.token,
        })
      ).status,
    ).toBe(400);
    // positive control: the untampered cursor with the same query
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await call('GET', `${base}?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`, {
      token: acme.token,
    });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect((second.body as Page).items).toEqual((await eventsOf(acme.token, `${base}?limit=4`)).slice(2));
    for (const q of [
      'limit=0',
      'limit=101',
      'type=Bad Type',
      'type=deactivated',
      'sort=at',
      `userId=${'x'.repeat(65)}`,
    ]) {
      expect((await call('GET', `${base}?${q}`, { token: acme.token })).status, q).toBe(400);
    }
  });

  it('is read by account managers; a member reads only their own events (with positive controls)', async () => {
    const peer = await newMember(acme);
    const peerEvents = `/v1/accounts/${acme.accountId}/users/${peer.id}/events`;
    const own = await eventsOf(peer.token, peerEvents);
    expect(own.map((e) => e.type)).toEqual(['sign_in.succeeded', 'invitation.accepted', 'user.created']);
    expect((await call('GET', `${userPath()}/events`, { token: peer.token })).status).toBe(403);
    expect((await call('GET', `/v1/accounts/${acme.accountId}/events`, { token: peer.token })).status).toBe(403);
    expect(
      (await call('GET', `/v1/accounts/${acme.accountId}/events?userId=${peer.id}`, { token: peer.token })).status,
    ).toBe(403);
    expect((await call('GET', peerEvents, { token: acme.token })).status).toBe(200);

    const other = await newAccount('Other Audit');
    expect((await call('GET', `/v1/accounts/${other.accountId}/events`, { token: acme.token })).status).toBe(404);
    expect(
      (await call('GET', `/v1/accounts/${acme.accountId}/users/${other.ownerId}/events`, { token: acme.token })).status,
    ).toBe(404);
    expect((await call('GET', `/v1/accounts/${other.accountId}/events`, { token: other.token })).status).toBe(200);
  });

  it('no endpoint edits or deletes events; they are kept 400 days (TTL)', async () => {
    for (const method of ['DELETE', 'PATCH', 'PUT', 'POST']) {
      expect(
        (await call(method, `/v1/accounts/${acme.accountId}/events`, { token: acme.token, body: {} })).status,
        method,
      ).toBe(405);
    }
    const [newest] = await eventsOf(acme.token, `${userPath()}/events?limit=1`);
    const item = await storedItem(auditEventKey(acme.accountId, newest.id));
    expect(item?.expiresAt).toBe(Math.floor(Date.parse(newest.at) / 1000) + 400 * 24 * 3600);
  });
});
