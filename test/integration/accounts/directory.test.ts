import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { newAccount, newMember, uniqueEmail, userInput } from '../../builders/api.ts';

type User = {
  id: string;
  username: string;
  email: string;
  firstName: string;
  role: string;
  status: string;
  version: number;
};
type Page = { items: User[]; nextCursor: string | null };

let acme: Awaited<ReturnType<typeof newAccount>>;
let other: Awaited<ReturnType<typeof newAccount>>;
const users = () => `/v1/accounts/${acme.accountId}/users`;

beforeAll(async () => {
  [acme, other] = await Promise.all([newAccount('Acme SMS'), newAccount('Other Telecom')]);
});

describe('creating users', () => {
  it('creates an invited user with a setup mail and a Location', async () => {
    const input = userInput({
      role: 'account_manager',
      backupEmail: 'Backup@Example.com',
      countryCode: 'US',
      language: 'en-US',
    });
    const r = await call('POST', users(), { token: acme.token, body: input });
    expect(r.status).toBe(201);
    const user = r.body as User;
    expect(user).toMatchObject({
      username: input.username,
      email: input.email,
      role: 'account_manager',
      status: 'invited',
      backupEmail: 'backup@example.com',
      countryCode: 'US',
      language: 'en-US',
      version: 1,
    });
    expect(r.headers.location).toBe(`${users()}/${user.id}`);
    expect(r.headers.etag).toBe('"1"');
    const read = await call('GET', `${users()}/${user.id}`, { token: acme.token });
    const { effectiveSettings, effectivePermissions, ...record } = read.body as User & {
      effectiveSettings: unknown;
      effectivePermissions: unknown;
    };
    expect(record).toEqual(user);
    expect(effectivePermissions).toMatchObject({ role: 'account_manager', mfaRequired: false });
    expect(effectiveSettings).toMatchObject({ language: { value: 'en', source: 'account' } });
  });

  it.each([
    ['username too short', { username: 'ab' }, 'username'],
    ['username too long', { username: 'a'.repeat(21) }, 'username'],
    ['username with uppercase', { username: 'Alice' }, 'username'],
    ['username with a space', { username: 'al ice' }, 'username'],
    ['invalid email', { email: 'not-an-email' }, 'email'],
    ['invalid backup email', { backupEmail: 'nope' }, 'backupEmail'],
    ['unknown role', { role: 'superuser' }, 'role'],
    ['empty first name', { firstName: '' }, 'firstName'],
    ['bad country code', { countryCode: 'usa' }, 'countryCode'],
    ['missing last name', { lastName: undefined }, 'lastName'],
  ])('refuses %s with 400 and the path, and creates nothing', async (_name, over, path) => {
    const input = userInput(over);
    const r = await call('POST', users(), { token: acme.token, body: input });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      code: 'validation_failed',
      errors: expect.arrayContaining([expect.objectContaining({ path })]),
    });
    const list = await call('GET', `${users()}?limit=100&status=invited`, { token: acme.token });
    expect((list.body as Page).items.map((u) => u.email)).not.toContain(String(input.email).toLowerCase());
  });

  it('lowercases emails and refuses a taken username or email with 409', async () => {
    const input = userInput({ email: uniqueEmail('Case').toUpperCase() });
    const first = await call('POST', users(), { token: acme.token, body: input });
    expect((first.body as User).email).toBe(input.email.toLowerCase());
    const sameName = await call('POST', users(), {
      token: acme.token,
      body: { ...userInput(), username: input.username },
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toMatchObject({ code: 'username_taken' });
    const sameEmail = await call('POST', users(), {
      token: acme.token,
      body: { ...userInput(), email: input.email.toLowerCase() },
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body).toMatchObject({ code: 'email_taken' });
    // the same username and email are free in another account
    expect(
      (await call('POST', `/v1/accounts/${other.accountId}/users`, { token: other.token, body: input })).status,
    ).toBe(201);
  });

  it('refuses mass assignment of id, accountId, status and version', async () => {
    const input = { ...userInput(), id: 'chosen', accountId: other.accountId, status: 'active', version: 5 };
    const r = await call('POST', users(), { token: acme.token, body: input });
    expect(r.status).toBe(400);
    expect((r.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'accountId',
      'id',
      'status',
      'version',
    ]);
  });

  it('refuses non-JSON bodies with 415 and malformed JSON with 400', async () => {
    expect(
      (
        await call('POST', users(), {
          token: acme.token,
          rawBody: 'username=x',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(415);
    expect(
      (
        await call('POST', users(), {
          token: acme.token,
          rawBody: '{"username":',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
  });
});

describe('editing users', () => {
  it('updates with If-Match, bumps the version, and refuses a stale If-Match with 412 changing nothing', async () => {
    const created = (await call('POST', users(), { token: acme.token, body: userInput() })).body as User;
    const path = `${users()}/${created.id}`;
    const ok = await call('PATCH', path, {
      token: acme.token,
      headers: { 'if-match': '"1"' },
      body: { firstName: 'Maxine', role: 'account_manager' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ firstName: 'Maxine', role: 'account_manager', version: 2 });
    expect(ok.headers.etag).toBe('"2"');
    const stale = await call('PATCH', path, {
      token: acme.token,
      headers: { 'if-match': '"1"' },
      body: { firstName: 'Stale' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'precondition_failed' });
    expect(((await call('GET', path, { token: acme.token })).body as User).firstName).toBe('Maxine');
  });

  it('refuses status, id, accountId, version, email and username on PATCH', async () => {
    const created = (await call('POST', users(), { token: acme.token, body: userInput() })).body as User;
    for (const field of [
      { status: 'active' },
      { id: 'x' },
      { accountId: other.accountId },
      { version: 9 },
      { email: 'new@example.com' },
      { username: 'renamed' },
    ]) {
      const r = await call('PATCH', `${users()}/${created.id}`, { token: acme.token, body: field });
      expect(r.status, JSON.stringify(field)).toBe(400);
    }
    expect(((await call('GET', `${users()}/${created.id}`, { token: acme.token })).body as User).version).toBe(1);
  });
});

describe('who may do what', () => {
  it('a regular user gets 403 on the directory, and reads only their own record', async () => {
    const member = await newMember(acme);
    expect((await call('GET', `${users()}/${member.id}`, { token: member.token })).status).toBe(200);
    expect((await call('GET', users(), { token: member.token })).status).toBe(403);
    expect((await call('POST', users(), { token: member.token, body: userInput() })).status).toBe(403);
    expect((await call('GET', `${users()}/${acme.ownerId}`, { token: member.token })).status).toBe(403);
    expect(
      (await call('PATCH', `${users()}/${member.id}`, { token: member.token, body: { firstName: 'Me' } })).status,
    ).toBe(403);
    expect(
      (await call('PATCH', `${users()}/${member.id}`, { token: member.token, body: { role: 'account_manager' } }))
        .status,
    ).toBe(403);
    expect(
      (await call('PATCH', `/v1/accounts/${acme.accountId}`, { token: member.token, body: { name: 'Mine' } })).status,
    ).toBe(403);
    // positive controls: the account manager does all of it
    expect((await call('GET', users(), { token: acme.token })).status).toBe(200);
    expect((await call('GET', `${users()}/${acme.ownerId}`, { token: acme.token })).status).toBe(200);
    expect((await call('GET', `/v1/accounts/${acme.accountId}`, { token: member.token })).status).toBe(200);
    expect((await call('POST', users(), { token: acme.token, body: userInput() })).status).toBe(201);
    const renamed = await call('PATCH', `${users()}/${member.id}`, { token: acme.token, body: { firstName: 'Me' } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ firstName: 'Me', role: 'user' });
    const account = await call('PATCH', `/v1/accounts/${acme.accountId}`, {
      token: acme.token,
      body: { name: 'Acme SMS Ltd' },
    });
    expect(account.status, JSON.stringify(account.body)).toBe(200);
    expect(account.body).toMatchObject({ name: 'Acme SMS Ltd' });
  });

  it('a promoted member gains management at once, decided from the stored membership', async () => {
    const member = await newMember(acme);
    expect((await call('GET', users(), { token: member.token })).status).toBe(403);
    expect(
      (await call('PATCH', `${users()}/${member.id}`, { token: acme.token, body: { role: 'account_manager' } })).status,
    ).toBe(200);
    expect((await call('GET', users(), { token: member.token })).status).toBe(200);
  });

  it('another account and its ids are 404, never 403 (with positive controls)', async () => {
    const theirUser = (
      await call('POST', `/v1/accounts/${other.accountId}/users`, { token: other.token, body: userInput() })
    ).body as User;
    const cases: [string, string, unknown?][] = [
      ['GET', `/v1/accounts/${other.accountId}`],
      ['PATCH', `/v1/accounts/${other.accountId}`, { name: 'Hijack' }],
      ['GET', `/v1/accounts/${other.accountId}/users`],
      ['POST', `/v1/accounts/${other.accountId}/users`, userInput()],
      ['GET', `/v1/accounts/${other.accountId}/users/${theirUser.id}`],
      ['PATCH', `/v1/accounts/${other.accountId}/users/${theirUser.id}`, { firstName: 'X' }],
      // their user id under my account
      ['GET', `/v1/accounts/${acme.accountId}/users/${theirUser.id}`],
      ['PATCH', `/v1/accounts/${acme.accountId}/users/${theirUser.id}`, { firstName: 'X' }],
      ['GET', '/v1/accounts/01JUNKJUNKJUNKJUNKJUNKJUNK'],
    ];
    for (const [method, path, body] of cases) {
      const r = await call(method, path, { token: acme.token, body });
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.headers['content-type']).toBe('application/problem+json');
    }
    // positive controls: the owner of that account reaches the same resources
    expect(
      (await call('GET', `/v1/accounts/${other.accountId}/users/${theirUser.id}`, { token: other.token })).status,
    ).toBe(200);
    expect((await call('GET', `/v1/accounts/${other.accountId}`, { token: other.token })).status).toBe(200);
    expect(
      ((await call('GET', `/v1/accounts/${other.accountId}`, { token: other.token })).body as { name: string }).name,
    ).toBe('Other Telecom');
  });
});

describe('listing', () => {
  it('pages through 120 users in username order with none missing and none repeated', async () => {
    const account = await newAccount('Big Fax');
    const path = `/v1/accounts/${account.accountId}/users`;
    const names = Array.from(
      { length: 120 },
      (_, i) => `u${String(i).padStart(3, '0')}-${Math.random().toString(36).slice(2, 6)}`,
    );
    for (let i = 0; i < names.length; i += 12) {
      await Promise.all(
        names.slice(i, i + 12).map(async (username) => {
          const r = await call('POST', path, { token: account.token, body: userInput({ username }) });
          expect(r.status).toBe(201);
        }),
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=25&cursor=${encodeURIComponent(cursor)}` : '?limit=25';
      const r = await call('GET', `${path}${query}`, { token: account.token });
      expect(r.status).toBe(200);
      const page = r.body as Page;
      expect(page.items.length).toBeLessThanOrEqual(25);
      seen.push(...page.items.map((u) => u.username));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    const withoutOwner = seen.filter((n) => !n.startsWith('owner'));
    expect(new Set(seen).size).toBe(seen.length);
    expect(withoutOwner).toEqual(names.slice().sort());
    expect(seen).toEqual(seen.slice().sort());
    expect(seen).toHaveLength(121);
    expect(pages).toBe(Math.ceil(121 / 25));
  });

  it('filters by status, and refuses a forged or foreign cursor with 400', async () => {
    const fresh = (await call('POST', users(), { token: acme.token, body: userInput() })).body as User;
    expect(fresh.status).toBe('invited');
    const listed: User[] = [];
    let next: string | null = null;
    do {
      const invited: { status: number; body: unknown } = await call(
        'GET',
        `${users()}?status=invited&limit=100${next ? `&cursor=${encodeURIComponent(next)}` : ''}`,
        { token: acme.token },
      );
      expect(invited.status).toBe(200);
      listed.push(...(invited.body as Page).items);
      next = (invited.body as Page).nextCursor;
    } while (next);
    expect(listed.map((u) => u.id)).toContain(fresh.id);
    expect(listed.map((u) => u.id)).not.toContain(acme.ownerId);
    expect(listed.every((u) => u.status === 'invited')).toBe(true);
    const active = await call('GET', `${users()}?status=active&limit=100`, { token: acme.token });
    expect((active.body as Page).items.map((u) => u.id)).toContain(acme.ownerId);

    const first = (await call('GET', `${users()}?limit=1`, { token: acme.token })).body as Page;
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(
      (await call('GET', `${users()}?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`, { token: acme.token }))
        .status,
    ).toBe(200);
    const foreign = await call(
      'GET',
      `/v1/accounts/${other.accountId}/users?cursor=${encodeURIComponent(first.nextCursor!)}`,
      { token: other.token },
    );
    expect(foreign.status).toBe(400);
    const tampered = first.nextCursor!.replace(/^./, (c) => (c === 'e' ? 'f' : 'e'));
    expect((await call('GET', `${users()}?cursor=${encodeURIComponent(tampered)}`, { token: acme.token })).status).toBe(
      400,
    );
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'status=gone', 'sort=name']) {
      expect((await call('GET', `${users()}?${q}`, { token: acme.token })).status, q).toBe(400);
    }
  });
});
