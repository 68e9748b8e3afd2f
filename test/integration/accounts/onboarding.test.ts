import { afterEach, describe, expect, it } from 'vitest';
import { call, clearFaults, clock, fault } from '../../support/http.ts';
import { lastLinkTo, mailsTo } from '../../support/mailbox.ts';
import { PASSWORD, newAccount, operatorKey, signIn, uniqueEmail } from '../../builders/api.ts';

afterEach(async () => {
  await clock(0);
  await clearFaults();
});

/** `key: null` sends no operator key at all. */
const createAccount = (email: string, key: string | null = operatorKey(), headers: Record<string, string> = {}) =>
  call('POST', '/v1/accounts', {
    operatorKey: key ?? undefined,
    headers,
    body: { name: 'Acme Voice', owner: { email, firstName: 'Olive', lastName: 'Owner' } },
  });

describe('account setup → sign-in → directory', () => {
  it('walks the whole flow: operator creates, owner accepts the mailed link, signs in, manages the directory', async () => {
    const email = uniqueEmail('Owner').toUpperCase();
    const created = await createAccount(email);
    expect(created.status).toBe(201);
    const { account, owner } = created.body as { account: { id: string }; owner: Record<string, unknown> };
    expect(created.headers.location).toBe(`/v1/accounts/${account.id}`);
    expect(owner).toMatchObject({
      role: 'account_manager',
      status: 'invited',
      email: email.toLowerCase(),
      accountId: account.id,
      version: 1,
    });

    const mail = (await mailsTo(email.toLowerCase())).at(-1)!;
    expect(mail.subject).toContain('Acme Voice');
    const token = await lastLinkTo(email.toLowerCase(), 'accept-invitation');
    expect(token.length).toBeGreaterThanOrEqual(22);

    const accepted = await call('POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      accountId: account.id,
      user: { id: owner.id, status: 'active', version: 2 },
    });

    const signedIn = await call('POST', '/v1/auth/token', { body: { email: email.toLowerCase(), password: PASSWORD } });
    expect(signedIn.status).toBe(200);
    const tokens = signedIn.body as { accessToken: string; idToken: string; refreshToken: string; expiresIn: number };
    expect(tokens).toMatchObject({
      accessToken: expect.any(String),
      idToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
    });

    const me = await call('GET', '/v1/me', { token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      identity: { email: email.toLowerCase(), mfaEnabled: false },
      memberships: [
        {
          accountId: account.id,
          accountName: 'Acme Voice',
          userId: owner.id,
          role: 'account_manager',
          status: 'active',
        },
      ],
    });

    const acct = await call('GET', `/v1/accounts/${account.id}`, { token: tokens.accessToken });
    expect(acct.status).toBe(200);
    expect(acct.headers.etag).toBe('"1"');

    const renamed = await call('PATCH', `/v1/accounts/${account.id}`, {
      token: tokens.accessToken,
      headers: { 'if-match': '"1"' },
      body: { name: 'Acme Voice & Fax', contactPhone: '+15551234567' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Acme Voice & Fax', contactPhone: '+15551234567', version: 2 });

    const member = await call('POST', `/v1/accounts/${account.id}/users`, {
      token: tokens.accessToken,
      body: { username: 'first.user', email: uniqueEmail('first'), firstName: 'First', lastName: 'User' },
    });
    expect(member.status).toBe(201);
    const list = await call('GET', `/v1/accounts/${account.id}/users`, { token: tokens.accessToken });
    expect((list.body as { items: { username: string }[] }).items.map((u) => u.username)).toContain('first.user');

    const refreshed = await call('POST', '/v1/auth/refresh', { body: { refreshToken: tokens.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(
      (await call('GET', '/v1/me', { token: (refreshed.body as { accessToken: string }).accessToken })).status,
    ).toBe(200);
  });

  it('needs the operator key to create an account (positive control: the right key)', async () => {
    expect((await createAccount(uniqueEmail('a'), null)).status).toBe(401);
    expect((await createAccount(uniqueEmail('a'), 'not-the-key')).status).toBe(401);
    expect((await createAccount(uniqueEmail('a'))).status).toBe(201);
  });

  it('replays an Idempotency-Key retry and refuses the key with another body', async () => {
    const email = uniqueEmail('idem');
    const key = `k-${email}`;
    const first = await createAccount(email, operatorKey(), { 'idempotency-key': key });
    const again = await createAccount(email, operatorKey(), { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await mailsTo(email)).length).toBe(1);
    const other = await createAccount(uniqueEmail('other'), operatorKey(), { 'idempotency-key': key });
    expect(other.status).toBe(422);
  });
});

describe('setup links', () => {
  it('refuses a weak password with weak_password and leaves the link usable', async () => {
    const email = uniqueEmail('weak');
    expect((await createAccount(email)).status).toBe(201);
    const token = await lastLinkTo(email, 'accept-invitation');
    const weak = await call('POST', '/v1/invitations/accept', { body: { token, password: 'password' } });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({
      code: 'weak_password',
      errors: expect.arrayContaining([expect.objectContaining({ path: 'password' })]),
    });
    expect((await call('POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } })).status).toBe(200);
  });

  it('answers 404 for an unknown token and 410 invitation_used for a used one', async () => {
    expect(
      (await call('POST', '/v1/invitations/accept', { body: { token: 'A'.repeat(43), password: PASSWORD } })).status,
    ).toBe(404);
    const email = uniqueEmail('reuse');
    expect((await createAccount(email)).status).toBe(201);
    const token = await lastLinkTo(email, 'accept-invitation');
    expect((await call('POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } })).status).toBe(200);
    const reused = await call('POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } });
    expect(reused.status).toBe(410);
    expect(reused.body).toMatchObject({ code: 'invitation_used' });
  });

  it('expires after INVITATION_TTL_SECONDS (moved clock) even though the item still exists', async () => {
    const [late, onTime] = [uniqueEmail('late'), uniqueEmail('ontime')];
    expect((await createAccount(late)).status).toBe(201);
    expect((await createAccount(onTime)).status).toBe(201);
    const [lateToken, onTimeToken] = [
      await lastLinkTo(late, 'accept-invitation'),
      await lastLinkTo(onTime, 'accept-invitation'),
    ];
    await clock(7 * 24 * 3600 - 60);
    // positive control: a minute before expiry a link made at the same time still works
    expect(
      (await call('POST', '/v1/invitations/accept', { body: { token: onTimeToken, password: PASSWORD } })).status,
    ).toBe(200);
    await clock(7 * 24 * 3600 + 1);
    const refused = await call('POST', '/v1/invitations/accept', { body: { token: lateToken, password: PASSWORD } });
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ code: 'invitation_expired' });
  });

  it('converges when DynamoDB fails after Cognito created the identity', async () => {
    const email = uniqueEmail('fault');
    expect((await createAccount(email)).status).toBe(201);
    const token = await lastLinkTo(email, 'accept-invitation');
    await fault({ service: 'dynamodb', command: 'TransactWriteItemsCommand', times: 1 });
    const failed = await call('POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } });
    expect(failed.status).toBe(500);
    expect(JSON.stringify(failed.body)).not.toMatch(/TransactWrite|dynamodb|Injected/i);
    // the identity exists in Cognito, but the member is not active: sign-in works, the account does not
    const retry = await call('POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } });
    expect(retry.status).toBe(200);
    const accessToken = await signIn(email);
    const me = await call('GET', '/v1/me', { token: accessToken });
    expect((me.body as { memberships: unknown[] }).memberships).toHaveLength(1);
  });

  it('converges when Cognito fails after creating the identity and before the password is set', async () => {
    const email = uniqueEmail('cfault');
    expect((await createAccount(email)).status).toBe(201);
    const token = await lastLinkTo(email, 'accept-invitation');
    await fault({ service: 'cognito', command: 'AdminSetUserPasswordCommand', times: 1 });
    expect((await call('POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } })).status).toBe(500);
    expect((await call('POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } })).status).toBe(200);
    expect(await signIn(email)).toEqual(expect.any(String));
  });

  it('one person, two accounts: the second link is accepted with the existing password; a wrong one is 401', async () => {
    const first = await newAccount('First Co');
    expect((await createAccount(first.email)).status).toBe(201);
    const token = await lastLinkTo(first.email, 'accept-invitation');
    const wrong = await call('POST', '/v1/invitations/accept', { body: { token, password: 'Another-Password-9' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials' });
    expect((await call('POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } })).status).toBe(200);
    const me = await call('GET', '/v1/me', { token: await signIn(first.email) });
    expect(
      (me.body as { memberships: { accountName: string }[] }).memberships.map((m) => m.accountName).sort(),
    ).toEqual(['Acme Voice', 'First Co']);
  });
});

describe('sign-in', () => {
  it('answers the same 401 for a wrong password and an unknown email', async () => {
    const { email } = await newAccount();
    const wrong = await call('POST', '/v1/auth/token', { body: { email, password: 'Wrong-Password-99' } });
    const unknown = await call('POST', '/v1/auth/token', {
      body: { email: uniqueEmail('nobody'), password: 'Wrong-Password-99' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials' });
    // positive control: the right password
    expect((await call('POST', '/v1/auth/token', { body: { email, password: PASSWORD } })).status).toBe(200);
  });

  it('the function refuses missing and forged tokens, and an ID token, with problem+json', async () => {
    const { email } = await newAccount();
    const tokenReply = await call('POST', '/v1/auth/token', { body: { email, password: PASSWORD } });
    expect(tokenReply.status, JSON.stringify(tokenReply.body)).toBe(200);
    const signedIn = tokenReply.body as { accessToken: string; idToken: string; refreshToken: string };
    expect((await call('GET', '/v1/me', { token: signedIn.accessToken })).status).toBe(200);
    // no gateway authorizer: the function refuses them as problem+json, before it reads anything
    for (const bad of [undefined, 'garbage', `${signedIn.accessToken.slice(0, -4)}AAAA`]) {
      const r = await call('GET', '/v1/me', { token: bad });
      expect(r.status).toBe(401);
      expect(r.headers['content-type']).toBe('application/problem+json');
      expect(r.body).toMatchObject({ code: 'unauthenticated' });
      expect(r.ddbCalls).toBe(0);
    }
    // an ID token is signed by the pool for this client; the function wants an access token
    const id = await call('GET', '/v1/me', { token: signedIn.idToken });
    expect(id.status).toBe(401);
    expect(id.headers['content-type']).toBe('application/problem+json');
    expect(id.body).toMatchObject({ code: 'unauthenticated' });
    const refresh = await call('POST', '/v1/auth/refresh', { body: { refreshToken: 'not-a-refresh-token' } });
    expect(refresh.status).toBe(401);
    expect(refresh.headers['content-type']).toBe('application/problem+json');
    // positive control: the real refresh token
    const refreshed = await call('POST', '/v1/auth/refresh', { body: { refreshToken: signedIn.refreshToken } });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
  });
});
