/**
 * User types over HTTP: a non-person member is created active with no sign-in and no mail, keeps its type, is
 * refused the person-only routes, and the listing filters by type in one Query.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { mailsTo } from '../../support/mailbox.ts';
import { expectStatus, newAccount, PASSWORD, uniqueEmail, userInput } from '../../builders/api.ts';

type User = { id: string; username: string; type: string; status: string; email: string | null; version: number };
type Page = { items: User[]; nextCursor: string | null };

let acme: Awaited<ReturnType<typeof newAccount>>;
let bot: User;
let bridge: User;
let person: User;
const users = () => `/v1/accounts/${acme.accountId}/users`;
const contact = uniqueEmail('integration');

beforeAll(async () => {
  acme = await newAccount('Acme Types');
  const made = await Promise.all([
    call('POST', users(), {
      token: acme.token,
      body: { type: 'system', username: 'faxgateway', firstName: 'Fax', lastName: 'Gateway', email: contact },
    }),
    call('POST', users(), {
      token: acme.token,
      body: { type: 'conference_bridge', username: 'main-bridge', firstName: 'Main', lastName: 'Bridge' },
    }),
    call('POST', users(), { token: acme.token, body: userInput({ email: contact }) }),
  ]);
  for (const r of made) expectStatus(r, 201);
  [bot, bridge, person] = made.map((r) => r.body as User);
});

describe('members of other types than person', () => {
  it('are active at once, with their type, no sign-in and no mail; their contact email claims nothing', async () => {
    expect(bot).toMatchObject({ type: 'system', status: 'active', email: contact, version: 1 });
    expect(bridge).toMatchObject({ type: 'conference_bridge', status: 'active', email: null });
    // the person with the same address (created beside it) is a person with a setup mail: the one mail to it
    expect(person).toMatchObject({ type: 'person', status: 'invited' });
    expect((await mailsTo(contact)).length).toBe(1);
    const read = await call('GET', `${users()}/${bot.id}`, { token: acme.token });
    expect(read.body).toMatchObject({ type: 'system', status: 'active' });
  });

  it('refuses a system username other than a-z0-9, and a role a type may not hold (positive control beside)', async () => {
    const dotted = await call('POST', users(), {
      token: acme.token,
      body: { type: 'system', username: 'fax.gw', firstName: 'F', lastName: 'G' },
    });
    expect(dotted.status).toBe(400);
    expect(dotted.body).toMatchObject({ errors: [expect.objectContaining({ path: 'username' })] });
    const manager = await call('POST', users(), {
      token: acme.token,
      body: { type: 'call_queue', username: 'sales-queue', firstName: 'S', lastName: 'Q', role: 'account_manager' },
    });
    expect(manager.status).toBe(400);
    expect(manager.body).toMatchObject({ code: 'grants_not_allowed_for_type' });
    const queue = await call('POST', users(), {
      token: acme.token,
      body: { type: 'call_queue', username: 'sales-queue', firstName: 'S', lastName: 'Q' },
    });
    expectStatus(queue, 201);
  });

  it('never changes type: PATCH with type is 400 (a PATCH without it goes through)', async () => {
    const typed = await call('PATCH', `${users()}/${bridge.id}`, { token: acme.token, body: { type: 'person' } });
    expect(typed.status).toBe(400);
    const plain = await call('PATCH', `${users()}/${bridge.id}`, { token: acme.token, body: { firstName: 'Big' } });
    expectStatus(plain, 200);
    expect(plain.body).toMatchObject({ type: 'conference_bridge', firstName: 'Big' });
  });

  it('answers the password, reset, MFA and setup-link routes with 409 not_a_person', async () => {
    const of = (p: string) => `${users()}/${bot.id}/${p}`;
    const answers = await Promise.all([
      call('PUT', of('password'), { token: acme.token, body: { password: PASSWORD } }),
      call('POST', of('password-reset'), { token: acme.token, body: {} }),
      call('DELETE', of('mfa'), { token: acme.token }),
      call('POST', of('invitation'), { token: acme.token, body: {} }),
    ]);
    for (const r of answers) {
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(r.body).toMatchObject({ code: 'not_a_person' });
    }
    // positive control: the person's setup link is sent again
    expectStatus(await call('POST', `${users()}/${person.id}/invitation`, { token: acme.token, body: {} }), 202);
  });

  it('lists one type or only persons, one Query a page; deactivate, reactivate and close work', async () => {
    const list = async (q: string) => {
      const r = await call<Page>('GET', `${users()}?limit=100&${q}`, { token: acme.token });
      expectStatus(r, 200);
      return { names: r.body.items.map((u) => u.username).sort(), queries: r.ddbCommands };
    };
    const persons = await list('hideSystemUsers=true');
    expect(persons.names).toEqual(expect.arrayContaining([person.username]));
    expect(persons.names).not.toContain(bot.username);
    expect(persons.names).not.toContain(bridge.username);
    expect(persons.queries.filter((c) => c === 'QueryCommand')).toHaveLength(1);
    expect((await list('type=system')).names).toEqual(['faxgateway']);
    expect((await list('')).names).toEqual(expect.arrayContaining(['faxgateway', 'main-bridge', person.username]));

    const act = (verb: string) => call('POST', `${users()}/${bot.id}/${verb}`, { token: acme.token, body: {} });
    expect((await act('deactivate')).body).toMatchObject({ status: 'deactivated' });
    expect((await act('reactivate')).body).toMatchObject({ status: 'active' });
    const closed = await call('DELETE', `${users()}/${bot.id}`, { token: acme.token, body: { password: PASSWORD } });
    expectStatus(closed, 204);
    expect((await list('type=system')).names).toEqual([]);
    expect((await list('type=system&status=closed')).names).toEqual(['faxgateway']);
  });
});
