import { describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { lastLinkTo } from '../../support/mailbox.ts';
import { PASSWORD, accept, newAccount, newMember, nextSecond, signIn, uniqueEmail } from '../../builders/api.ts';

describe('two requests accepting one link', () => {
  it('exactly one wins; only its password signs in; the other changed nothing', async () => {
    const manager = await newAccount('Race Co');
    const email = uniqueEmail('race');
    const created = await call('POST', `/v1/accounts/${manager.accountId}/users`, {
      token: manager.token,
      body: { username: `race-${Date.now() % 100000}`, email, firstName: 'R', lastName: 'C' },
    });
    expect(created.status).toBe(201);
    const token = await lastLinkTo(email, 'accept-invitation');
    const passwords = ['First-Racer-Pass-1', 'Second-Racer-Pass-2'];
    const results = await Promise.all(
      passwords.map((password) => call('POST', '/v1/invitations/accept', { body: { token, password } })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    const loser = results.find((r) => r.status !== 200)!;
    expect([409, 410]).toContain(loser.status);
    expect(['invitation_in_progress', 'invitation_used']).toContain((loser.body as { code: string }).code);
    const winner = passwords[statuses.indexOf(200)];
    const other = passwords[1 - statuses.indexOf(200)];
    expect((await call('POST', '/v1/auth/token', { body: { email, password: winner } })).status).toBe(200);
    expect((await call('POST', '/v1/auth/token', { body: { email, password: other } })).status).toBe(401);
  });

  it('a failed attempt gives the link back at once: the retry is not locked out by its own lease', async () => {
    const manager = await newAccount('Retry Co');
    const email = uniqueEmail('retry');
    await call('POST', `/v1/accounts/${manager.accountId}/users`, {
      token: manager.token,
      body: { username: `retry-${Date.now() % 100000}`, email, firstName: 'R', lastName: 'T' },
    });
    const token = await lastLinkTo(email, 'accept-invitation');
    const { fault } = await import('../../support/http.ts');
    await fault({ service: 'cognito', command: 'AdminSetUserPasswordCommand', times: 1 });
    expect((await call('POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } })).status).toBe(500);
    expect((await call('POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } })).status).toBe(200);
  });
});

describe('re-joining an account after being closed in it', () => {
  it('tokens issued before the close stay refused there; the other account and a new sign-in work', async () => {
    const a = await newAccount('Stay Co');
    const b = await newAccount('Leave Co');
    const person = await newMember(a);
    // the same person joins B with their existing password
    const invited = await call('POST', `/v1/accounts/${b.accountId}/invitations`, {
      token: b.token,
      body: { emails: [person.email] },
    });
    expect(invited.status).toBe(200);
    await accept(person.email);
    const before = await signIn(person.email);
    expect((await call('GET', `/v1/accounts/${b.accountId}`, { token: before })).status).toBe(200);

    const memberInB = (
      (await call('GET', `/v1/accounts/${b.accountId}/users?status=active&limit=100`, { token: b.token })).body as {
        items: { id: string; email: string }[];
      }
    ).items.find((u) => u.email === person.email)!;
    expect(
      (
        await call('DELETE', `/v1/accounts/${b.accountId}/users/${memberInB.id}`, {
          token: b.token,
          body: { password: PASSWORD },
        })
      ).status,
    ).toBe(204);
    expect((await call('GET', `/v1/accounts/${b.accountId}`, { token: before })).status).toBe(401);

    expect(
      (
        await call('POST', `/v1/accounts/${b.accountId}/invitations`, {
          token: b.token,
          body: { emails: [person.email] },
        })
      ).status,
    ).toBe(200);
    await accept(person.email);
    // the old token is still refused in B, still fine in A (positive control), and a new sign-in reaches B
    expect((await call('GET', `/v1/accounts/${b.accountId}`, { token: before })).status).toBe(401);
    expect((await call('GET', `/v1/accounts/${a.accountId}`, { token: before })).status).toBe(200);
    await nextSecond();
    expect((await call('GET', `/v1/accounts/${b.accountId}`, { token: await signIn(person.email) })).status).toBe(200);
  });
});
