/**
 * A member's profile beyond sign-in, over HTTP: the friendly name their invitations go out under (the From header the
 * local SES received), managers' notes (who reads them), and email aliases (unique in the account with members'
 * emails and pending invitations, freed on close).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { mailsTo } from '../../support/mailbox.ts';
import { createUnit } from '../../builders/units.ts';
import {
  PASSWORD,
  createMember,
  expectStatus,
  newAdmin,
  newMember,
  newOrg,
  uniqueEmail,
  userInput,
  type Manager,
} from '../../builders/api.ts';

let am: Manager;
let inside: { id: string; email: string };
let outside: { id: string; email: string };
let admin: { id: string; token: string };
let plain: { id: string; token: string };
const users = () => `/v1/accounts/${am.accountId}/users`;
const alias = (userId: string, email: string) => `${users()}/${userId}/aliases/${encodeURIComponent(email)}`;

beforeAll(async () => {
  am = await newOrg('Profile Fax');
  const emea = await createUnit(am, 'EMEA', am.rootId);
  admin = await newAdmin(am, emea.id);
  inside = await createMember(am, { unitId: emea.id, notes: 'Prefers fax\nCall after 10' });
  outside = await createMember(am, { notes: 'Outside note' });
  plain = await newMember(am);
});

describe('friendly name', () => {
  it("invitations go out under the inviter's friendly name (via the brand), in the From header and the text", async () => {
    const patched = await call('PATCH', `${users()}/${am.ownerId}`, {
      token: am.token,
      body: { friendlyName: 'Zoë at Front Desk' },
    });
    expectStatus(patched, 200);
    expect(patched.body).toMatchObject({ friendlyName: 'Zoë at Front Desk' });
    const invitee = uniqueEmail('invitee');
    expectStatus(
      await call('POST', `/v1/accounts/${am.accountId}/invitations`, { token: am.token, body: { emails: [invitee] } }),
      200,
    );
    const [mail] = await mailsTo(invitee);
    expect(mail.subject).toContain('Zoë at Front Desk');
    const from = mail.from;
    expect(from).toMatch(/^=\?UTF-8\?B\?.+\?= <.+>$/);
    const decoded = from
      .replace(/ <.+>$/, '')
      .split(' ')
      .map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8'))
      .join('');
    expect(decoded).toBe('Zoë at Front Desk via Northwind Voice');
  });

  it('is tenant text: control characters are 400 and nothing changes', async () => {
    const r = await call('PATCH', `${users()}/${inside.id}`, { token: am.token, body: { friendlyName: 'A\u202eB' } });
    expectStatus(r, 400);
    const read = await call('GET', `${users()}/${inside.id}`, { token: am.token });
    expect(read.body).toMatchObject({ friendlyName: null });
  });
});

describe("managers' notes", () => {
  it('the account manager and the admin of the member read them; the member does not; other admins do not', async () => {
    const byAm = await call('GET', `${users()}/${inside.id}`, { token: am.token });
    expect(byAm.body).toMatchObject({ notes: 'Prefers fax\nCall after 10' });
    const byAdmin = await call('GET', `${users()}/${inside.id}`, { token: admin.token });
    expect(byAdmin.body).toMatchObject({ notes: 'Prefers fax\nCall after 10' });
    const listed = await call('GET', `${users()}?limit=100`, { token: admin.token });
    const rows = (listed.body as { items: { id: string; notes?: string | null }[] }).items;
    expect(rows.find((u) => u.id === inside.id)).toHaveProperty('notes', 'Prefers fax\nCall after 10');
    expect(rows.find((u) => u.id === admin.id)).not.toHaveProperty('notes');
    const self = await call('GET', `${users()}/${plain.id}`, { token: plain.token });
    expectStatus(self, 200);
    expect(self.body).not.toHaveProperty('notes');
    // the admin outside reaches only their scope: the outside member is not theirs to read
    expectStatus(await call('GET', `${users()}/${outside.id}`, { token: admin.token }), 403);
  });

  it('a member may not write notes about themselves (positive control: the account manager may)', async () => {
    const own = await call('PATCH', `${users()}/${plain.id}`, { token: plain.token, body: { notes: 'I am great' } });
    expectStatus(own, 403);
    const byAm = await call('PATCH', `${users()}/${plain.id}`, { token: am.token, body: { notes: 'Reviewed' } });
    expectStatus(byAm, 200);
    expect(byAm.body).toMatchObject({ notes: 'Reviewed' });
  });
});

describe('email aliases', () => {
  it('an address reaches one member: aliases, members’ emails and invitations exclude each other', async () => {
    const address = uniqueEmail('fax-inbox');
    const added = await call('PUT', alias(inside.id, address.toUpperCase()), { token: am.token });
    expectStatus(added, 200);
    expect(added.body).toMatchObject({ emailAliases: [address] });
    expect(added.headers.etag).toBe(`"${(added.body as { version: number }).version}"`);
    // an account manager: the authorization read (with the member), then the transaction
    expect(added.ddbCommands).toEqual(['BatchGetItemCommand', 'TransactWriteItemsCommand']);
    // again: unchanged
    const again = await call('PUT', alias(inside.id, address), { token: am.token });
    expect((again.body as { version: number }).version).toBe((added.body as { version: number }).version);
    // another member may not take it, nor may a new member or an invitation
    const taken = await call('PUT', alias(outside.id, address), { token: am.token });
    expectStatus(taken, 409);
    expect(taken.body).toMatchObject({ code: 'email_taken' });
    expect(taken.headers['content-type']).toContain('application/problem+json');
    const created = await call('POST', users(), { token: am.token, body: userInput({ email: address }) });
    expectStatus(created, 409);
    const invited = await call('POST', `/v1/accounts/${am.accountId}/invitations`, {
      token: am.token,
      body: { emails: [address] },
    });
    expect((invited.body as { results: { status: string }[] }).results[0].status).not.toBe('invited');
    // nor another member's own email (positive control above: a fresh address is taken fine)
    expectStatus(await call('PUT', alias(outside.id, inside.email), { token: am.token }), 409);
    // an invalid address is 400
    expectStatus(await call('PUT', alias(outside.id, 'not-an-address'), { token: am.token }), 400);
  });

  it('the admin of the member manages their aliases; an admin out of scope and the member themselves may not', async () => {
    expectStatus(await call('PUT', alias(inside.id, uniqueEmail('by-admin')), { token: admin.token }), 200);
    expectStatus(await call('PUT', alias(outside.id, uniqueEmail('by-admin')), { token: admin.token }), 403);
    expectStatus(await call('PUT', alias(plain.id, uniqueEmail('self')), { token: plain.token }), 403);
  });

  it('removing and closing free the address for someone else', async () => {
    const first = uniqueEmail('freed');
    const second = uniqueEmail('closed');
    const member = await createMember(am);
    expectStatus(await call('PUT', alias(member.id, first), { token: am.token }), 200);
    expectStatus(await call('PUT', alias(member.id, second), { token: am.token }), 200);
    expectStatus(await call('DELETE', alias(member.id, uniqueEmail('never')), { token: am.token }), 404);
    expectStatus(await call('DELETE', alias(member.id, first), { token: am.token }), 204);
    expectStatus(await call('PUT', alias(outside.id, first), { token: am.token }), 200);

    expectStatus(await call('PUT', alias(outside.id, second), { token: am.token }), 409);
    expectStatus(
      await call('DELETE', `${users()}/${member.id}`, { token: am.token, body: { password: PASSWORD } }),
      204,
    );
    expectStatus(await call('PUT', alias(outside.id, second), { token: am.token }), 200);
    const events = await call('GET', `${users()}/${member.id}/events?type=alias.added`, { token: am.token });
    expect((events.body as { items: unknown[] }).items).toHaveLength(2);
  });
});
