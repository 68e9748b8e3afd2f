/**
 * SCIM /Users queries over HTTP against the local stack: filters on the claims and the status index, exact totals and
 * paging in a stable order, projection, and what a system user scoped to one unit may see (positive controls beside).
 * Round trips are counted (the local gateway's DynamoDB call count) for the costs the data model states.
 */
import { describe, expect, it } from 'vitest';
import { expectStatus, newOrg } from '../../builders/api.ts';
import { call } from '../../support/http.ts';
import { connect, created, expectScimError, filter, person, scimTenant, tag } from './users-support.ts';

type ListBody = { totalResults: number; startIndex: number; itemsPerPage: number; Resources: { id: string }[] };

describe('filters', () => {
  it('find one user by userName (any case), externalId, work email, id; no match is 200 with no resources', async () => {
    const t = await scimTenant();
    const ada = await created(t.scim, person('Ada', { externalId: `E-${tag()}` }));
    await created(t.scim, person('Bob'));
    const ids = async (expression: string) => {
      const r = await t.scim('GET', `/Users${filter(expression)}`);
      expectStatus(r, 200, expression);
      return (r.body as ListBody).Resources.map((x) => x.id);
    };
    const full = (await t.scim('GET', `/Users/${ada.id}`)).body as { externalId: string; userName: string };
    expect(await ids(`userName eq "${ada.userName.toUpperCase()}"`)).toEqual([ada.id]);
    expect(await ids(`externalId eq "${full.externalId}"`)).toEqual([ada.id]);
    expect(await ids(`externalId eq "${full.externalId.toLowerCase()}"`)).toEqual([]);
    expect(await ids(`emails[type eq "work"].value eq "${ada.userName.toUpperCase()}"`)).toEqual([ada.id]);
    expect(await ids(`id eq "${ada.id}"`)).toEqual([ada.id]);
    expect(await ids(`userName eq "${ada.userName}" and active eq true`)).toEqual([ada.id]);
    expect(await ids(`userName eq "${ada.userName}" and active eq false`)).toEqual([]);
    // Entra's connection test: a random GUID is 200 with nothing, never 404
    const none = await t.scim('GET', `/Users${filter('userName eq "4f8d1c9e-2b7a-4e1f-9c3d-6a5b4e3d2c1b"')}`);
    expectStatus(none, 200);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
    expectScimError(await t.scim('GET', `/Users${filter('userName co "a"')}`), 400, 'invalidFilter');
  });

  it('costs the round trips the data model states (the key read and the rate limit first on every request)', async () => {
    const t = await scimTenant();
    const body = person('Cost');
    const r = await t.scim('POST', '/Users', body);
    const id = (r.body as { id: string }).id;
    const calls: Record<string, string[]> = { create: r.ddbCommands };
    calls.filter = (await t.scim('GET', `/Users${filter(`userName eq "${body.userName}"`)}`)).ddbCommands;
    calls.get = (await t.scim('GET', `/Users/${id}`)).ddbCommands;
    calls.patch = (
      await t.scim('PATCH', `/Users/${id}`, { Operations: [{ op: 'replace', path: 'title', value: 'T' }] })
    ).ddbCommands;
    calls.list = (await t.scim('GET', '/Users')).ddbCommands;
    calls.delete = (await t.scim('DELETE', `/Users/${id}`)).ddbCommands;
    const first = ['BatchGetItemCommand', 'UpdateItemCommand'];
    expect(calls.filter).toEqual([...first, 'BatchGetItemCommand', 'GetItemCommand', 'BatchGetItemCommand']);
    // the create's count holds the key's last-use write (once a minute per key), which runs beside it
    expect(calls.create.filter((c) => c === 'TransactWriteItemsCommand')).toHaveLength(1);
    expect([calls.get, calls.patch, calls.list, calls.delete].map((c) => c.length)).toEqual([3, 5, 6, 9]);
    for (const commands of Object.values(calls)) {
      expect(commands.slice(0, 2)).toEqual(first);
      expect(commands).not.toContain('ScanCommand');
    }
  });

  it('active eq false lists the deactivated ones only, from the status index (Queries, never a Scan)', async () => {
    const t = await scimTenant();
    const on = await created(t.scim, person('On'));
    const off = await created(t.scim, person('Off', { active: false }));
    const r = await t.scim('GET', `/Users${filter('active eq false')}`);
    expect((r.body as ListBody).Resources.map((x) => x.id)).toEqual([off.id]);
    expect(r.ddbCommands).toContain('QueryCommand');
    expect(r.ddbCommands).not.toContain('ScanCommand');
    expect(r.ddbCommands.filter((c) => c === 'QueryCommand')).toHaveLength(1);
    const active = await t.scim('GET', `/Users${filter('active eq true')}`);
    expect((active.body as ListBody).Resources.map((x) => x.id)).toEqual([on.id]);
  });

  it('a userName whose handle is taken by a member who answers to another userName gets a derived one', async () => {
    const t = await scimTenant();
    const local = `sam${tag()}`;
    const first = await created(t.scim, {
      ...person('x'),
      userName: `${local}@one.example`,
      emails: [{ value: `${local}@one.example` }],
    });
    const second = await created(t.scim, { ...person('y'), userName: local.toUpperCase() });
    const handles = await Promise.all(
      [first.id, second.id].map(async (id) => {
        const m = await call('GET', `/v1/accounts/${t.accountId}/users/${id}`, { token: t.token });
        return (m.body as { username: string }).username;
      }),
    );
    expect(handles).toEqual([local, `${local}-2`]);
    const found = await t.scim('GET', `/Users${filter(`userName eq "${local}"`)}`);
    expect((found.body as ListBody).Resources.map((x) => x.id)).toEqual([second.id]);
  });
});

describe('listing', () => {
  it('pages in a stable order with an exact total; count=0 answers the total only', async () => {
    const t = await scimTenant();
    const made = [];
    for (const label of ['carol', 'alice', 'bob']) made.push(await created(t.scim, person(label)));
    const all = await t.scim('GET', '/Users');
    const body = all.body as ListBody;
    // the account's owner is an account manager: no SCIM connection manages them
    expect(body.totalResults).toBe(3);
    const order = body.Resources.map((x) => x.id);
    expect(new Set(order)).toEqual(new Set(made.map((m) => m.id)));
    const page = await t.scim('GET', '/Users?startIndex=2&count=1');
    expect(page.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect((page.body as ListBody).Resources.map((x) => x.id)).toEqual([order[1]]);
    const totals = await t.scim('GET', '/Users?count=0');
    expect(totals.body).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    const projected = await t.scim('GET', `/Users/${order[0]}?attributes=userName`);
    expect(Object.keys(projected.body as object).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
    const excluded = await t.scim('GET', '/Users?excludedAttributes=emails,name&count=1');
    expect((excluded.body as { Resources: Record<string, unknown>[] }).Resources[0]).not.toHaveProperty('emails');
  });
});

describe('what a connection scoped to one unit sees', () => {
  it('members outside its scope and account managers are 404 and absent from lists; its own are there', async () => {
    const manager = await newOrg('Scoped');
    const unit = async (name: string) => {
      const r = await call('POST', `/v1/accounts/${manager.accountId}/units`, {
        token: manager.token,
        body: { name, parentId: manager.rootId },
      });
      expectStatus(r, 201, 'POST unit');
      return (r.body as { id: string }).id;
    };
    const [emea, apac] = [await unit('EMEA'), await unit('APAC')];
    const { scim } = await connect(manager, { unitId: emea });
    const mine = await created(scim, person('Mine'));
    const outside = await call('POST', `/v1/accounts/${manager.accountId}/users`, {
      token: manager.token,
      body: { username: `out${tag()}`, email: `out.${tag()}@example.com`, firstName: 'O', lastName: 'T', unitId: apac },
    });
    expectStatus(outside, 201);
    const outsideId = (outside.body as { id: string }).id;
    const list = await scim('GET', '/Users');
    expect((list.body as ListBody).Resources.map((x) => x.id)).toEqual([mine.id]);
    expect((list.body as ListBody).totalResults).toBe(1);
    for (const id of [outsideId, manager.ownerId]) {
      expectScimError(await scim('GET', `/Users/${id}`), 404);
      expectScimError(await scim('PATCH', `/Users/${id}`, { Operations: [{ op: 'remove', path: 'title' }] }), 404);
      expectScimError(await scim('DELETE', `/Users/${id}`), 404);
    }
    // positive control: its own member, placed in its scope
    expectStatus(await scim('GET', `/Users/${mine.id}`), 200);
    const member = await call('GET', `/v1/accounts/${manager.accountId}/users/${mine.id}`, { token: manager.token });
    expect(member.body).toMatchObject({ unitId: emea });
  });
});
