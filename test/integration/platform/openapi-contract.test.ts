import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#http/routes.ts';
import { storedItem } from '../../support/dynamo.ts';
import { call } from '../../support/http.ts';
import { lastLinkTo } from '../../support/mailbox.ts';
import { newAccount, operatorKey, uniqueEmail, userInput } from '../../builders/api.ts';

let acme: Awaited<ReturnType<typeof newAccount>>;
beforeAll(async () => {
  acme = await newAccount('Contract Co');
});

/** Reads the local table directly, through the real SDK, to check what is (and is not) stored. */
const table = () => ({ get: (PK: string, SK: string) => storedItem({ PK, SK }) });

describe('OpenAPI document over HTTP', () => {
  it('is served publicly and describes every route of the table', async () => {
    const r = await call('GET', '/v1/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    // the SCIM fallback (ANY …/{proxy+}) is no operation: the scim tag describes it
    for (const route of routes.filter((r) => r.method !== 'ANY'))
      expect(doc.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
  });
});

describe('link tokens at rest', () => {
  it('are stored only as a hash, with the TTL attribute, on both the lookup and the invitation', async () => {
    const email = uniqueEmail('hash');
    const created = await call('POST', `/v1/accounts/${acme.accountId}/users`, {
      token: acme.token,
      body: userInput({ email }),
    });
    expect(created.status).toBe(201);
    const token = await lastLinkTo(email, 'accept-invitation');
    const hash = createHash('sha256').update(token).digest('base64url');
    const db = table();
    const lookup = await db.get(`TOKEN#${hash}`, 'TOKEN');
    expect(lookup).toBeDefined();
    const invitation = await db.get(`ACCOUNT#${acme.accountId}`, `INVITATION#${lookup!.invitationId}`);
    expect(invitation).toMatchObject({ tokenHash: hash, email, status: 'pending' });
    const now = Date.now() / 1000;
    // TTL: the link's 7 days plus 30 days of retention (410 rather than 404), in epoch seconds
    for (const item of [lookup!, invitation!]) {
      expect(item.expiresAt).toBeGreaterThan(now + 36 * 86400);
      expect(item.expiresAt).toBeLessThan(now + 38 * 86400);
      expect(JSON.stringify(item)).not.toContain(token);
    }
    expect(Date.parse(invitation!.linkExpiresAt as string)).toBeGreaterThan(Date.now() + 6.9 * 86400_000);
  });
});

describe('validation at the edges of the rules', () => {
  it('accepts usernames of exactly 3 and 20 characters', async () => {
    for (const username of ['abc', `a${'b'.repeat(18)}z`]) {
      const r = await call('POST', `/v1/accounts/${acme.accountId}/users`, {
        token: acme.token,
        body: userInput({ username }),
      });
      expect(r.status, username).toBe(201);
    }
  });

  it('refuses a bad language, account name, contact email and phone; nothing changes', async () => {
    expect(
      (
        await call('POST', `/v1/accounts/${acme.accountId}/users`, {
          token: acme.token,
          body: userInput({ language: 'english' }),
        })
      ).status,
    ).toBe(400);
    for (const body of [
      { name: '' },
      { name: 'x'.repeat(121) },
      { contactEmail: 'nope' },
      { contactPhone: '555-1234' },
    ]) {
      const r = await call('PATCH', `/v1/accounts/${acme.accountId}`, { token: acme.token, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body).toMatchObject({ code: 'validation_failed' });
    }
    const account = await call('GET', `/v1/accounts/${acme.accountId}`, { token: acme.token });
    expect(account.body).toMatchObject({ name: 'Contract Co', version: 1 });
    // positive control: a valid operator-created account with contact details
    const r = await call('POST', '/v1/accounts', {
      operatorKey: operatorKey(),
      body: {
        name: 'Valid',
        contactEmail: 'Ops@Example.com',
        contactPhone: '+442071234567',
        owner: { email: uniqueEmail('v'), firstName: 'V', lastName: 'W' },
      },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ account: { contactEmail: 'ops@example.com', contactPhone: '+442071234567' } });
  });

  it('answers 412 to a stale If-Match on the account and 400 to a malformed one', async () => {
    const account = await newAccount('Etag Co');
    const path = `/v1/accounts/${account.accountId}`;
    expect(
      (await call('PATCH', path, { token: account.token, headers: { 'if-match': '"1"' }, body: { name: 'Etag Two' } }))
        .status,
    ).toBe(200);
    const stale = await call('PATCH', path, {
      token: account.token,
      headers: { 'if-match': '"1"' },
      body: { name: 'Etag Three' },
    });
    expect(stale.status).toBe(412);
    expect(
      (await call('PATCH', path, { token: account.token, headers: { 'if-match': 'yesterday' }, body: { name: 'X' } }))
        .status,
    ).toBe(400);
    expect(((await call('GET', path, { token: account.token })).body as { name: string }).name).toBe('Etag Two');
  });
});

describe('Idempotency-Key on creating users', () => {
  it('replays the first 201 and creates one user; another body with the key is 422', async () => {
    const account = await newAccount('Idem Co');
    const path = `/v1/accounts/${account.accountId}/users`;
    const input = userInput();
    const headers = { 'idempotency-key': `create-${input.username}` };
    const first = await call('POST', path, { token: account.token, headers, body: input });
    const again = await call('POST', path, { token: account.token, headers, body: input });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    const list = (await call('GET', `${path}?status=invited`, { token: account.token })).body as {
      items: { username: string }[];
    };
    expect(list.items.filter((u) => u.username === input.username)).toHaveLength(1);
    expect((await call('POST', path, { token: account.token, headers, body: userInput() })).status).toBe(422);
    // the same key from another caller is another key
    expect(
      (await call('POST', `/v1/accounts/${acme.accountId}/users`, { token: acme.token, headers, body: userInput() }))
        .status,
    ).toBe(201);
  });
});

describe('listing with a status filter', () => {
  it('pages through one status only, with none missing or repeated', async () => {
    const account = await newAccount('Status Co');
    const path = `/v1/accounts/${account.accountId}/users`;
    const names = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const input = userInput({ username: `inv${i}-${Math.random().toString(36).slice(2, 6)}` });
        expect((await call('POST', path, { token: account.token, body: input })).status).toBe(201);
        return input.username;
      }),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await call(
        'GET',
        `${path}?status=invited&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: account.token },
      );
      const page = r.body as { items: { username: string; status: string }[]; nextCursor: string | null };
      expect(page.items.every((u) => u.status === 'invited')).toBe(true);
      seen.push(...page.items.map((u) => u.username));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(names.slice().sort());
  });
});
