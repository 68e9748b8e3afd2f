/** Shared contacts over HTTP: E.164 normalisation, sharing with groups (counts), a member's merged view, `?q=`. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type CallResult } from '../../support/http.ts';
import { expectStatus, newMember, newOrg, type Manager } from '../../builders/api.ts';
import { collect } from '../../builders/matrix.ts';

type ContactBody = { id: string; name: string; numbers: { e164: string; label: string }[]; groupIds: string[] };

let acme: Manager;
let other: Manager;
let max: Awaited<ReturnType<typeof newMember>>;
let sales: string;
let support: string;

const contacts = (m = acme) => `/v1/accounts/${m.accountId}/contacts`;
const groupPath = (id: string) => `/v1/accounts/${acme.accountId}/groups/${id}`;
const newContact = async (body: Record<string, unknown>): Promise<ContactBody> => {
  const r = await call('POST', contacts(), { token: acme.token, body });
  expectStatus(r, 201, `POST contacts ${JSON.stringify(body)}`);
  return r.body as ContactBody;
};
const sharedCount = async (groupId: string): Promise<number> =>
  (await call('GET', groupPath(groupId), { token: acme.token })).body.sharedItemCount;

beforeAll(async () => {
  [acme, other] = await Promise.all([newOrg('Contacts Co'), newOrg('Other Contacts Co')]);
  max = await newMember(acme);
  const made = await Promise.all(
    ['Sales', 'Support'].map((name) =>
      call('POST', `/v1/accounts/${acme.accountId}/groups`, { token: acme.token, body: { name } }),
    ),
  );
  [sales, support] = made.map((r) => (r.body as { id: string }).id);
  expectStatus(await call('PUT', `${groupPath(sales)}/members/${max.id}`, { token: acme.token }), 201);
});

describe('a shared contact', () => {
  it('is created with normalised numbers (201, Location, ETag); a bad number or unknown group changes nothing', async () => {
    const r = await call('POST', contacts(), {
      token: acme.token,
      body: { name: 'Reception', company: 'Acme', numbers: [{ e164: '+1 (202) 555-0143', label: 'desk' }], emails: [] },
    });
    expectStatus(r, 201);
    expect(r.body).toMatchObject({ numbers: [{ e164: '+12025550143', label: 'desk' }], groupIds: [], version: 1 });
    expect(r.headers.location).toBe(`${contacts()}/${r.body.id}`);
    expect(r.headers.etag).toBe('"1"');

    const bad = await call('POST', contacts(), {
      token: acme.token,
      body: { name: 'Bad', numbers: [{ e164: '2025550143', label: 'x' }] },
    });
    expectStatus(bad, 400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'numbers.0.e164' })]);
    const unknown = await call('POST', contacts(), {
      token: acme.token,
      body: { name: 'Lost', groupIds: [sales, '01UNKNOWNGROUP0000000000000'] },
    });
    expectStatus(unknown, 404);
    expect(await sharedCount(sales)).toBe(0);
    const names = (await collect<ContactBody>(contacts(), acme.token)).map((c) => c.name);
    expect(names).toEqual(['Reception']);
  });

  it('moves its groups’ sharedItemCount as it is shared, reshared (If-Match) and deleted', async () => {
    const c = await newContact({ name: 'Vendor', groupIds: [sales, support] });
    expect([await sharedCount(sales), await sharedCount(support)]).toEqual([1, 1]);
    const refused = await call('DELETE', groupPath(support), { token: acme.token });
    expect(refused.body).toMatchObject({ code: 'group_not_empty' });

    expectStatus(
      await call('PATCH', `${contacts()}/${c.id}`, {
        token: acme.token,
        body: { groupIds: [] },
        headers: { 'if-match': '"7"' },
      }),
      412,
    );
    const moved = await call('PATCH', `${contacts()}/${c.id}`, {
      token: acme.token,
      body: { groupIds: [sales] },
      headers: { 'if-match': '"1"' },
    });
    expectStatus(moved, 200);
    expect(moved.headers.etag).toBe('"2"');
    expect([await sharedCount(sales), await sharedCount(support)]).toEqual([1, 0]);
    expectStatus(await call('DELETE', `${contacts()}/${c.id}`, { token: acme.token }), 204);
    expect(await sharedCount(sales)).toBe(0);
    const events = await collect<{ type: string }>(`/v1/accounts/${acme.accountId}/events`, acme.token);
    for (const type of ['contact.created', 'contact.updated', 'contact.deleted'])
      expect(events.map((e) => e.type)).toContain(type);
  });
});

describe('what a member sees', () => {
  it('lists the contacts for everyone and for their groups, merged by name page by page, once each; q is a prefix', async () => {
    const made = await Promise.all([
      newContact({ name: 'alpha (sales)', groupIds: [sales] }),
      newContact({ name: 'Bravo (all)' }),
      newContact({ name: 'charlie (support)', groupIds: [support] }),
      newContact({ name: 'Delta (both)', groupIds: [sales, support] }),
      newContact({ name: 'echo (sales)', groupIds: [sales] }),
    ]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: CallResult = await call(
        'GET',
        `${contacts()}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        {
          token: max.token,
        },
      );
      expectStatus(r, 200);
      seen.push(...(r.body.items as ContactBody[]).map((c) => c.name));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['alpha (sales)', 'Bravo (all)', 'Delta (both)', 'echo (sales)', 'Reception']);
    const q = await call('GET', `${contacts()}?q=${encodeURIComponent('D')}`, { token: max.token });
    // the authorization read, the member's memberships, then one Query per audience (everyone, Sales) in parallel
    expect(q.ddbCommands).toEqual(['BatchGetItemCommand', 'QueryCommand', 'QueryCommand', 'QueryCommand']);
    expect((q.body.items as ContactBody[]).map((c) => c.name)).toEqual(['Delta (both)']);

    const hidden = made[2];
    expectStatus(await call('GET', `${contacts()}/${hidden.id}`, { token: max.token }), 404);
    expectStatus(await call('GET', `${contacts()}/${made[3].id}`, { token: max.token }), 200);
    expectStatus(await call('GET', `${contacts()}/${hidden.id}`, { token: acme.token }), 200);
    expectStatus(await call('POST', contacts(), { token: max.token, body: { name: 'Mine' } }), 403);
    expectStatus(await call('GET', `${contacts(other)}/${hidden.id}`, { token: other.token }), 404);
    expect(await sharedCount(sales)).toBe(3);
  });
});
