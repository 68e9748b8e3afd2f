/**
 * SCIM /Users over HTTP against the local stack: creating (uniqueness, races, the setup mail), the lifecycle through
 * `active` (tokens refused from the next request), If-Match, closing without a password and creating again.
 */
import { describe, expect, it } from 'vitest';
import { expectStatus, nextSecond, PASSWORD, signIn, tokenRequest } from '../../builders/api.ts';
import { call } from '../../support/http.ts';
import { lastLinkTo } from '../../support/mailbox.ts';
import { created, expectScimError, patchOp, person, scimTenant, SCIM_ENTERPRISE } from './users-support.ts';

const accept = (token: string) => call('POST', '/v1/invitations/accept', { body: { token, password: PASSWORD } });

describe('POST /Users', () => {
  it('creates an invited person with role user, answers 201 with Location and ETag, and mails the setup link', async () => {
    const t = await scimTenant();
    const body = person('New.Person', { externalId: `ext-${Date.now()}`, [SCIM_ENTERPRISE]: { department: 'Sales' } });
    const r = await t.scim('POST', '/Users', body);
    expectStatus(r, 201);
    const doc = r.body as { id: string; meta: { location: string; version: string } };
    expect(r.headers.location).toBe(doc.meta.location);
    expect(r.headers.location).toMatch(new RegExp(`/scim/v2/accounts/${t.accountId}/Users/${doc.id}$`));
    expect(r.headers.etag).toBe(doc.meta.version);
    expect(doc).toMatchObject({
      userName: body.userName,
      active: true,
      emails: [{ value: body.userName.toLowerCase(), type: 'work', primary: true }],
      [SCIM_ENTERPRISE]: { department: 'Sales' },
    });
    const member = await call('GET', `/v1/accounts/${t.accountId}/users/${doc.id}`, { token: t.token });
    expect(member.body).toMatchObject({ status: 'invited', role: 'user', type: 'person', unitId: t.rootId });
    expect(await lastLinkTo(body.userName.toLowerCase(), 'accept-invitation')).toBeTruthy();
    const got = await t.scim('GET', `/Users/${doc.id}`);
    expectStatus(got, 200);
    expect(got.body).toEqual(doc);
  });

  it('refuses an existing userName (any case), externalId or email with 409 uniqueness', async () => {
    const t = await scimTenant();
    const first = { ...person('Dup'), externalId: `x-${Date.now()}` };
    await created(t.scim, first);
    const other = (label: string) => `${label}.${Date.now()}@example.com`;
    for (const body of [
      { ...person('a'), userName: first.userName.toUpperCase() },
      person('b', { externalId: first.externalId }),
      { ...person('c'), emails: [{ value: first.userName, type: 'work' }] },
    ]) {
      if (body.emails[0].value === body.userName) body.emails = [{ value: other('d'), type: 'work' }];
      expectScimError(await t.scim('POST', '/Users', body), 409, 'uniqueness');
    }
    // a member made outside SCIM answers to their username
    const plain = `plain${Date.now() % 1e8}`;
    const made = await call('POST', `/v1/accounts/${t.accountId}/users`, {
      token: t.token,
      body: { username: plain, email: other('plain'), firstName: 'P', lastName: 'P' },
    });
    expectStatus(made, 201);
    expectScimError(
      await t.scim('POST', '/Users', { ...person('e'), userName: plain.toUpperCase() }),
      409,
      'uniqueness',
    );
  });

  it('of two racing POSTs of one userName, exactly one is 201', async () => {
    const t = await scimTenant();
    const body = person('Race');
    const twin = { ...person('Race2'), userName: body.userName.toUpperCase() };
    const answers = await Promise.all([t.scim('POST', '/Users', body), t.scim('POST', '/Users', twin)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expectScimError(answers.find((a) => a.status === 409)!, 409, 'uniqueness');
  });
});

describe('active, PUT and PATCH', () => {
  it('active "False" shuts the member out from the next request; active true lets them sign in again', async () => {
    const t = await scimTenant();
    const body = person('Dee');
    const doc = await created(t.scim, body);
    const email = body.userName.toLowerCase();
    expectStatus(await accept(await lastLinkTo(email, 'accept-invitation')), 200);
    const token = await signIn(email);
    const me = () => call('GET', '/v1/me', { token });
    expectStatus(await me(), 200);

    const off = await t.scim('PATCH', `/Users/${doc.id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }));
    expectStatus(off, 200);
    expect(off.body).toMatchObject({ id: doc.id, active: false });
    expect((await me()).status).toBe(401);
    // again: idempotent
    const again = await t.scim('PATCH', `/Users/${doc.id}`, patchOp({ op: 'replace', value: { active: false } }));
    expect(again.body).toMatchObject({ active: false, meta: { version: (off.body as typeof doc).meta.version } });

    const on = await t.scim('PATCH', `/Users/${doc.id}`, patchOp({ op: 'replace', path: 'active', value: true }));
    expect(on.body).toMatchObject({ active: true });
    // tokens from before stay refused; a new sign-in works
    expect((await me()).status).toBe(401);
    await nextSecond();
    expectStatus(await tokenRequest(email), 200);
    const events = await call('GET', `/v1/accounts/${t.accountId}/users/${doc.id}/events`, { token: t.token });
    const items = (events.body as { items: { type: string; actor: Record<string, unknown> }[] }).items;
    expect(items.find((e) => e.type === 'user.deactivated')?.actor).toEqual({
      kind: 'user',
      userId: t.adminId,
      source: 'scim',
    });
  });

  it('a PUT without active keeps the status; a stale If-Match is 412 and changes nothing', async () => {
    const t = await scimTenant();
    const body: Record<string, unknown> = person('Put', { active: false });
    const doc = await created(t.scim, body);
    const { active: _dropped, ...withoutActive } = body;
    const put = await t.scim('PUT', `/Users/${doc.id}`, { ...withoutActive, title: 'Engineer' });
    expectStatus(put, 200);
    expect(put.body).toMatchObject({ active: false, title: 'Engineer', meta: { version: 'W/"2"' } });
    const stale = await t.scim('PATCH', `/Users/${doc.id}`, patchOp({ op: 'replace', path: 'title', value: 'X' }), {
      'if-match': doc.meta.version,
    });
    expectScimError(stale, 412);
    const current = await t.scim('PATCH', `/Users/${doc.id}`, patchOp({ op: 'replace', path: 'title', value: 'X' }), {
      'if-match': 'W/"2"',
    });
    expectStatus(current, 200);
    expect(current.body).toMatchObject({ title: 'X', meta: { version: 'W/"3"' } });
  });

  it('an invited member deactivated cannot use their setup link; reactivated, it works', async () => {
    const t = await scimTenant();
    const body = person('Ivy');
    const doc = await created(t.scim, body);
    const link = await lastLinkTo(body.userName.toLowerCase(), 'accept-invitation');
    expectStatus(
      await t.scim('PATCH', `/Users/${doc.id}`, patchOp({ op: 'replace', path: 'active', value: false })),
      200,
    );
    const refused = await accept(link);
    expect(refused.status).toBe(410);
    expect(refused.body).toMatchObject({ code: 'invitation_revoked' });
    expectStatus(
      await t.scim('PATCH', `/Users/${doc.id}`, patchOp({ op: 'replace', path: 'active', value: true })),
      200,
    );
    const member = await call('GET', `/v1/accounts/${t.accountId}/users/${doc.id}`, { token: t.token });
    expect(member.body).toMatchObject({ status: 'invited' });
    expectStatus(await accept(link), 200);
  });
});

describe('a new email', () => {
  it('moves an invited member with a new setup link (the old one 410); a member with a sign-in keeps theirs (400)', async () => {
    const t = await scimTenant();
    const body = person('Mover');
    const doc = await created(t.scim, body);
    const oldLink = await lastLinkTo(body.userName.toLowerCase(), 'accept-invitation');
    const address = `moved.${Date.now()}@example.com`;
    const path = 'emails[type eq "work"].value';
    const moved = await t.scim('PATCH', `/Users/${doc.id}`, patchOp({ op: 'Replace', path, value: address }));
    expectStatus(moved, 200);
    expect(moved.body).toMatchObject({ emails: [{ value: address, type: 'work', primary: true }] });
    expect((await accept(oldLink)).status).toBe(410);
    expectStatus(await accept(await lastLinkTo(address, 'accept-invitation')), 200);
    expectStatus(await tokenRequest(address), 200);
    const kept = await t.scim('PATCH', `/Users/${doc.id}`, patchOp({ op: 'Replace', path, value: `x${address}` }));
    expectScimError(kept, 400, 'mutability');
  });
});

describe('DELETE /Users/{id}', () => {
  it('closes without a password (204); then GET and DELETE are 404 and the same userName can be created again', async () => {
    const t = await scimTenant();
    const body = person('Gone', { externalId: `g-${Date.now()}` });
    const doc = await created(t.scim, body);
    const gone = await t.scim('DELETE', `/Users/${doc.id}`);
    expect(gone.status).toBe(204);
    const member = await call('GET', `/v1/accounts/${t.accountId}/users/${doc.id}`, { token: t.token });
    expect(member.body).toMatchObject({ status: 'closed' });
    expectScimError(await t.scim('GET', `/Users/${doc.id}`), 404);
    expectScimError(await t.scim('DELETE', `/Users/${doc.id}`), 404);
    const again = await created(t.scim, body);
    expect(again.id).not.toBe(doc.id);
  });
});
