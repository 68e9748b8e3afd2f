import { afterEach, describe, expect, it } from 'vitest';
import { call, clearFaults, fault } from '../../support/http.ts';
import { lastLinkTo } from '../../support/mailbox.ts';
import {
  PASSWORD,
  accept,
  newAccount,
  newMember,
  nextSecond,
  operatorKey,
  signIn,
  tokenRequest,
  userInput,
} from '../../builders/api.ts';
import { cognitoUser } from '../../builders/lifecycle.ts';

type User = { id: string; username: string; email: string; role: string; status: string; version: number };
type Page = { items: User[]; nextCursor: string | null };

afterEach(async () => {
  await clearFaults();
});

const userPath = (accountId: string, userId: string) => `/v1/accounts/${accountId}/users/${userId}`;

/** The same person as a member of a second account (accepted with their existing password). */
async function alsoMemberOf(other: { accountId: string; token: string }, email: string) {
  const created = await call('POST', `/v1/accounts/${other.accountId}/users`, {
    token: other.token,
    body: userInput({ email }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await accept(email);
  return created.body as User;
}

/** A member of Acme who is also a member of Beta, signed in with a token issued after both memberships. */
async function signedInToTwoAccounts() {
  const [acme, beta] = await Promise.all([newAccount('Acme'), newAccount('Beta')]);
  const member = await newMember(acme);
  await alsoMemberOf(beta, member.email);
  await nextSecond();
  return { acme, beta, member, token: await signIn(member.email) };
}

describe('deactivation and reactivation', () => {
  it('a deactivated member’s existing token is 401 on the very next call; sign-in is refused like a wrong password', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    // positive control: the token works right before
    expect((await call('GET', userPath(acme.accountId, member.id), { token: member.token })).status).toBe(200);
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(200);

    const r = await call('POST', `${userPath(acme.accountId, member.id)}/deactivate`, { token: acme.token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ id: member.id, status: 'deactivated', version: 3 });
    expect(r.headers.etag).toBe('"3"');

    for (const [method, path] of [
      ['GET', userPath(acme.accountId, member.id)],
      ['GET', `/v1/accounts/${acme.accountId}`],
      ['GET', '/v1/me'],
      ['POST', '/v1/me/mfa/totp'],
    ]) {
      const refused = await call(method, path, { token: member.token });
      expect(refused.status, `${method} ${path}`).toBe(401);
    }
    const signInRefused = await tokenRequest(member.email);
    const wrongPassword = await tokenRequest(member.email, 'Wrong-Password-99');
    expect(signInRefused.status).toBe(401);
    expect(signInRefused.body).toEqual(wrongPassword.body);
    // Cognito is disabled too (the emulator would still let a disabled user sign in: the service refuses it itself)
    expect(await cognitoUser(member.email)).toEqual({ exists: true, enabled: false });
    // the manager is unaffected
    expect((await call('GET', userPath(acme.accountId, member.id), { token: acme.token })).body).toMatchObject({
      status: 'deactivated',
    });
  });

  it('reactivation lets the member sign in again; tokens from before stay revoked', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    const oldToken = member.token;
    expect(
      (await call('POST', `${userPath(acme.accountId, member.id)}/deactivate`, { token: acme.token })).status,
    ).toBe(200);
    const r = await call('POST', `${userPath(acme.accountId, member.id)}/reactivate`, { token: acme.token });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'active', version: 4 });
    expect(await cognitoUser(member.email)).toEqual({ exists: true, enabled: true });
    expect((await call('GET', '/v1/me', { token: oldToken })).status).toBe(401);
    await nextSecond();
    const fresh = await signIn(member.email);
    expect((await call('GET', userPath(acme.accountId, member.id), { token: fresh })).status).toBe(200);
    expect((await call('GET', userPath(acme.accountId, member.id), { token: oldToken })).status).toBe(401);
  });

  it('deactivation in one account leaves the person’s other account and sign-in alone', async () => {
    const { acme, beta, member, token } = await signedInToTwoAccounts();
    expect(
      (await call('POST', `${userPath(acme.accountId, member.id)}/deactivate`, { token: acme.token })).status,
    ).toBe(200);
    expect((await call('GET', `/v1/accounts/${acme.accountId}`, { token })).status).toBe(401);
    // positive controls: the other account, /v1/me and sign-in still work; Cognito stays enabled
    expect((await call('GET', `/v1/accounts/${beta.accountId}`, { token })).status).toBe(200);
    expect((await call('GET', '/v1/me', { token })).status).toBe(200);
    expect((await tokenRequest(member.email)).status).toBe(200);
    expect(await cognitoUser(member.email)).toEqual({ exists: true, enabled: true });
  });

  it('only account managers deactivate (403 for a member, with the manager as positive control); other ids are 404', async () => {
    const [acme, other] = await Promise.all([newAccount(), newAccount('Other')]);
    const [a, b] = [await newMember(acme), await newMember(acme)];
    expect((await call('POST', `${userPath(acme.accountId, b.id)}/deactivate`, { token: a.token })).status).toBe(403);
    expect((await call('GET', userPath(acme.accountId, b.id), { token: acme.token })).body).toMatchObject({
      status: 'active',
    });
    expect(
      (await call('POST', `${userPath(acme.accountId, other.ownerId)}/deactivate`, { token: acme.token })).status,
    ).toBe(404);
    expect(
      (await call('POST', `${userPath(other.accountId, other.ownerId)}/deactivate`, { token: acme.token })).status,
    ).toBe(404);
    // fields are not accepted here (mass assignment), and nothing changes
    const smuggled = await call('POST', `${userPath(acme.accountId, b.id)}/deactivate`, {
      token: acme.token,
      body: { status: 'closed' },
    });
    expect(smuggled.status).toBe(400);
    expect(smuggled.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'status' }] });
    expect((await call('GET', userPath(acme.accountId, b.id), { token: acme.token })).body).toMatchObject({
      status: 'active',
    });
    expect((await call('POST', `${userPath(acme.accountId, b.id)}/deactivate`, { token: acme.token })).status).toBe(
      200,
    );
  });

  it('converges when Cognito fails after the member was deactivated', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    await fault({ service: 'cognito', command: 'AdminDisableUserCommand', times: 1 });
    const failed = await call('POST', `${userPath(acme.accountId, member.id)}/deactivate`, { token: acme.token });
    expect(failed.status).toBe(500);
    // the member is already shut out: the stored state decides
    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(401);
    expect(await cognitoUser(member.email)).toEqual({ exists: true, enabled: true });
    const retry = await call('POST', `${userPath(acme.accountId, member.id)}/deactivate`, { token: acme.token });
    expect(retry.status).toBe(200);
    expect(await cognitoUser(member.email)).toEqual({ exists: true, enabled: false });
  });
});

describe('sign-in of people who may not', () => {
  it('a failed attempt takes as long for an unknown email as for a known person (whose attempt is audited)', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    const unknown = `nobody.${Date.now()}@example.com`;
    await tokenRequest(unknown, 'Wrong-Password-99');
    const timed = async (email: string) => {
      const started = performance.now();
      const r = await tokenRequest(email, 'Wrong-Password-99');
      return { r, ms: performance.now() - started };
    };
    const [known, stranger] = [await timed(member.email), await timed(unknown)];
    expect(known.r.status).toBe(401);
    expect(stranger.r.body).toEqual(known.r.body);
    expect(known.ms).toBeGreaterThanOrEqual(390);
    expect(Math.abs(known.ms - stranger.ms)).toBeLessThan(150);
    // positive control: the right password signs in
    expect((await tokenRequest(member.email)).status).toBe(200);
  });
});

describe('closing a member', () => {
  it('needs the acting manager’s own password: missing or wrong is 403 and changes nothing', async () => {
    const acme = await newAccount();
    const memberPassword = 'Member-Password-1';
    const member = await newMember(acme, {}, memberPassword);
    for (const body of [undefined, {}, { password: 'Wrong-Password-99' }, { password: PASSWORD.toLowerCase() }]) {
      const r = await call('DELETE', userPath(acme.accountId, member.id), { token: acme.token, body });
      expect(r.status, JSON.stringify(body)).toBe(403);
      expect(r.body).toMatchObject({ code: 'reauthentication_required' });
    }
    // the member's own password does not count either (it differs from the manager's, and it is the one the member signed in with)
    expect(memberPassword).not.toBe(PASSWORD);
    const own = await call('DELETE', userPath(acme.accountId, member.id), {
      token: acme.token,
      body: { password: memberPassword },
    });
    expect(own.status, JSON.stringify(own.body)).toBe(403);
    expect(own.body).toMatchObject({ code: 'reauthentication_required' });
    expect((await call('GET', userPath(acme.accountId, member.id), { token: member.token })).body).toMatchObject({
      status: 'active',
      version: 2,
    });
    // malformed bodies are 400 and change nothing
    for (const body of [{ password: 12 }, { password: PASSWORD, status: 'closed' }]) {
      expect((await call('DELETE', userPath(acme.accountId, member.id), { token: acme.token, body })).status).toBe(400);
    }
    expect((await call('GET', userPath(acme.accountId, member.id), { token: member.token })).status).toBe(200);
  });

  it('closes with the right password: sessions revoked, listed only with ?status=closed, username and email free, Cognito user gone', async () => {
    const acme = await newAccount();
    const member = await newMember(acme);
    const users = `/v1/accounts/${acme.accountId}/users`;
    const r = await call('DELETE', userPath(acme.accountId, member.id), {
      token: acme.token,
      body: { password: PASSWORD },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(204);
    expect(r.body).toBe('');

    expect((await call('GET', '/v1/me', { token: member.token })).status).toBe(401);
    expect((await tokenRequest(member.email)).status).toBe(401);
    expect(await cognitoUser(member.email)).toEqual({ exists: false });
    expect((await call('GET', userPath(acme.accountId, member.id), { token: acme.token })).body).toMatchObject({
      status: 'closed',
      version: 3,
    });
    const listed = (await call('GET', `${users}?limit=100`, { token: acme.token })).body as Page;
    expect(listed.items.map((u) => u.id)).not.toContain(member.id);
    const closed = (await call('GET', `${users}?status=closed&limit=100`, { token: acme.token })).body as Page;
    expect(closed.items.map((u) => u.id)).toEqual([member.id]);
    // closing again is a no-op
    expect(
      (await call('DELETE', userPath(acme.accountId, member.id), { token: acme.token, body: { password: PASSWORD } }))
        .status,
    ).toBe(204);

    // the username and email are free: the same person can be created again and set up from scratch
    const again = await call('POST', users, { token: acme.token, body: { ...member.input } });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({ username: member.input.username, email: member.email, status: 'invited' });
    expect(
      (
        await call('POST', '/v1/invitations/accept', {
          body: { token: await lastLinkTo(member.email, 'accept-invitation'), password: 'Brand-New-Pass-7' },
        })
      ).status,
    ).toBe(200);
    expect((await tokenRequest(member.email, 'Brand-New-Pass-7')).status).toBe(200);
  });

  it('a person in another account keeps their sign-in and that account', async () => {
    const { acme, beta, member, token } = await signedInToTwoAccounts();
    expect(
      (await call('DELETE', userPath(acme.accountId, member.id), { token: acme.token, body: { password: PASSWORD } }))
        .status,
    ).toBe(204);
    expect((await call('GET', `/v1/accounts/${acme.accountId}`, { token })).status).toBe(401);
    expect((await call('GET', `/v1/accounts/${beta.accountId}`, { token })).status).toBe(200);
    expect(await cognitoUser(member.email)).toEqual({ exists: true, enabled: true });
    const me = (await call('GET', '/v1/me', { token: await signIn(member.email) })).body as {
      memberships: { accountId: string }[];
    };
    expect(me.memberships.map((m) => m.accountId)).toEqual([beta.accountId]);
  });

  it('closes an invited member too, and their setup link stops working', async () => {
    const acme = await newAccount();
    const input = userInput();
    const created = (await call('POST', `/v1/accounts/${acme.accountId}/users`, { token: acme.token, body: input }))
      .body as User;
    expect(
      (await call('DELETE', userPath(acme.accountId, created.id), { token: acme.token, body: { password: PASSWORD } }))
        .status,
    ).toBe(204);
    const link = await lastLinkTo(input.email, 'accept-invitation');
    const accepted = await call('POST', '/v1/invitations/accept', { body: { token: link, password: PASSWORD } });
    expect(accepted.status).toBe(410);
    expect(accepted.body).toMatchObject({ code: 'invitation_used' });
    expect((await tokenRequest(input.email)).status).toBe(401);
  });
});

describe('the last active account manager', () => {
  it('cannot be deactivated, closed or demoted (409); with a second manager it can (positive control)', async () => {
    const acme = await newAccount();
    const self = userPath(acme.accountId, acme.ownerId);
    // an invited manager does not count
    const invited = await call('POST', `/v1/accounts/${acme.accountId}/users`, {
      token: acme.token,
      body: userInput({ role: 'account_manager' }),
    });
    expect(invited.status).toBe(201);
    for (const [method, path, body] of [
      ['POST', `${self}/deactivate`, undefined],
      ['DELETE', self, { password: PASSWORD }],
      ['PATCH', self, { role: 'user' }],
    ] as const) {
      const r = await call(method, path, { token: acme.token, body });
      expect(r.status, `${method} ${path}`).toBe(409);
      expect(r.body).toMatchObject({ code: 'last_account_manager' });
    }
    expect((await call('GET', self, { token: acme.token })).body).toMatchObject({
      role: 'account_manager',
      status: 'active',
      version: 2,
    });

    const second = await newMember(acme, { role: 'account_manager' });
    const demoted = await call('PATCH', self, { token: acme.token, body: { role: 'user' } });
    expect(demoted.status).toBe(200);
    // now the second manager is the last one
    const r = await call('POST', `${userPath(acme.accountId, second.id)}/deactivate`, { token: second.token });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'last_account_manager' });
  });

  it('two managers deactivating each other at the same moment: exactly one succeeds', async () => {
    const acme = await newAccount();
    const second = await newMember(acme, { role: 'account_manager' });
    const [a, b] = await Promise.all([
      call('POST', `${userPath(acme.accountId, second.id)}/deactivate`, { token: acme.token }),
      call('POST', `${userPath(acme.accountId, acme.ownerId)}/deactivate`, { token: second.token }),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(200);
    expect([401, 403, 409]).toContain(statuses[1]);
    await nextSecond();
    const managers = async () => {
      const token = a.status === 200 ? await signIn(acme.email) : await signIn(second.email);
      const page = (await call('GET', `/v1/accounts/${acme.accountId}/users?status=active&limit=100`, { token }))
        .body as Page;
      return page.items.filter((u) => u.role === 'account_manager').length;
    };
    expect(await managers()).toBe(1);
  });

  it('two managers demoting each other at the same moment: exactly one succeeds', async () => {
    const acme = await newAccount();
    const second = await newMember(acme, { role: 'account_manager' });
    const [a, b] = await Promise.all([
      call('PATCH', userPath(acme.accountId, second.id), { token: acme.token, body: { role: 'user' } }),
      call('PATCH', userPath(acme.accountId, acme.ownerId), { token: second.token, body: { role: 'user' } }),
    ]);
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    expect([a.status, b.status].filter((s) => s !== 200).every((s) => s === 403 || s === 409)).toBe(true);
    const winner = a.status === 200 ? acme.token : second.token;
    const page = (await call('GET', `/v1/accounts/${acme.accountId}/users?status=active&limit=100`, { token: winner }))
      .body as Page;
    expect(page.items.filter((u) => u.role === 'account_manager')).toHaveLength(1);
  });
});

describe('accounts created by the operator', () => {
  it('keep the guard through the owner’s acceptance (the owner is counted when they accept)', async () => {
    const email = `owner.${Date.now()}@example.com`;
    const created = await call('POST', '/v1/accounts', {
      operatorKey: operatorKey(),
      body: { name: 'Guarded', owner: { email, firstName: 'O', lastName: 'W' } },
    });
    const { account, owner } = created.body as { account: { id: string }; owner: { id: string } };
    await accept(email);
    const token = await signIn(email);
    const r = await call('POST', `${userPath(account.id, owner.id)}/deactivate`, { token });
    expect(r.status).toBe(409);
  });
});
