/**
 * Text a tenant writes that ends up in mail (names, account and unit names, the inviter's message) refuses control
 * characters and bidirectional formatting characters with 400, changing nothing; text in any script is accepted,
 * and the inviter's message reaches the mail as their quoted words.
 */
import { describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { lastLinkTo, mailsTo } from '../../support/mailbox.ts';
import { newOrg, operatorKey, uniqueEmail, userInput } from '../../builders/api.ts';
import { inviteeEmail } from '../../builders/invitations.ts';

/** "Invoice" shown right to left: the classic override that makes `exe.pdf` read as `fdp.exe`. */
const OVERRIDE = 'Max\u202Efdp.exe';
const refused = [
  ['a right-to-left override', OVERRIDE],
  ['a left-to-right isolate', 'Max\u2066Member\u2069'],
  ['a right-to-left mark', 'Max\u200F'],
  ['a NUL', 'Max\u0000'],
  ['a bell', 'Max\u0007'],
  ['a C1 control', 'Max\u0085Member'],
  ['a new line', 'Max\nMember'],
] as const;
const WELL_FORMED = ['Zoë Ñúñez-Łukasz', '王小明', 'محمد عبد الله', 'דוד לוי'];

const expect400 = (r: { status: number; body: unknown }, field: string, label = '') => {
  expect(r.status, `${label} ${field} ${JSON.stringify(r.body)}`).toBe(400);
  expect(r.body).toMatchObject({ code: 'validation_failed' });
  expect(JSON.stringify((r.body as { errors: unknown[] }).errors)).toContain(field);
};

describe('tenant text refuses control and bidi formatting characters (400, nothing changed)', () => {
  it('account name and owner names on create; account name on update', async () => {
    const org = await newOrg('Acme Text');
    for (const [label, bad] of refused) {
      const owner = uniqueEmail('owner');
      const bodies = [
        { field: 'name', body: { name: bad, owner: { email: owner, firstName: 'O', lastName: 'O' } } },
        { field: 'firstName', body: { name: 'Fine', owner: { email: owner, firstName: bad, lastName: 'O' } } },
        { field: 'lastName', body: { name: 'Fine', owner: { email: owner, firstName: 'O', lastName: bad } } },
      ];
      for (const { field, body } of bodies) {
        expect400(await call('POST', '/v1/accounts', { operatorKey: operatorKey(), body }), field, label);
      }
      expect(await mailsTo(owner)).toHaveLength(0);
      expect400(
        await call('PATCH', `/v1/accounts/${org.accountId}`, { token: org.token, body: { name: bad } }),
        'name',
      );
    }
    expect((await call('GET', `/v1/accounts/${org.accountId}`, { token: org.token })).body).toMatchObject({
      name: 'Acme Text',
    });
    // positive control: names in any script
    for (const name of WELL_FORMED) {
      const r = await call('PATCH', `/v1/accounts/${org.accountId}`, { token: org.token, body: { name } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ name });
    }
    const owner = uniqueEmail('owner');
    const created = await call('POST', '/v1/accounts', {
      operatorKey: operatorKey(),
      body: { name: 'شركة الفاكس', owner: { email: owner, firstName: 'محمد', lastName: '王' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  it('member names on create and update, and on accepting an invitation', async () => {
    const org = await newOrg('Acme Names');
    const users = `/v1/accounts/${org.accountId}/users`;
    const member = await call('POST', users, { token: org.token, body: userInput() });
    expect(member.status).toBe(201);
    const memberId = (member.body as { id: string }).id;
    for (const [label, bad] of refused) {
      for (const field of ['firstName', 'lastName']) {
        const input = userInput({ [field]: bad });
        expect400(await call('POST', users, { token: org.token, body: input }), field, label);
        expect(await mailsTo(input.email)).toHaveLength(0);
        expect400(await call('PATCH', `${users}/${memberId}`, { token: org.token, body: { [field]: bad } }), field);
      }
    }
    expect((await call('GET', `${users}/${memberId}`, { token: org.token })).body).toMatchObject({
      firstName: 'Max',
      lastName: 'Member',
    });

    const email = inviteeEmail();
    const invited = await call('POST', `/v1/accounts/${org.accountId}/invitations`, {
      token: org.token,
      body: { emails: [email] },
    });
    expect(invited.status).toBe(200);
    const token = await lastLinkTo(email, 'accept-invitation');
    const accept = (firstName: string) =>
      call('POST', '/v1/invitations/accept', { body: { token, password: 'Accept-Password-12', firstName } });
    expect400(await accept(OVERRIDE), 'firstName');

    // positive control: any script, on every path
    for (const [n, name] of WELL_FORMED.entries()) {
      const r = await call('POST', users, { token: org.token, body: userInput({ firstName: name, lastName: name }) });
      expect(r.status, `${n} ${JSON.stringify(r.body)}`).toBe(201);
      const patched = await call('PATCH', `${users}/${memberId}`, { token: org.token, body: { firstName: name } });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    }
    const accepted = await accept('محمد');
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ user: { firstName: 'محمد' } });
  });

  it('unit names on create and rename', async () => {
    const org = await newOrg('Acme Units');
    const units = `/v1/accounts/${org.accountId}/units`;
    const unit = await call('POST', units, { token: org.token, body: { name: 'Sales', parentId: org.rootId } });
    expect(unit.status, JSON.stringify(unit.body)).toBe(201);
    const unitId = (unit.body as { id: string }).id;
    for (const [label, bad] of refused) {
      expect400(
        await call('POST', units, { token: org.token, body: { name: bad, parentId: org.rootId } }),
        'name',
        label,
      );
      expect400(await call('PATCH', `${units}/${unitId}`, { token: org.token, body: { name: bad } }), 'name');
    }
    // the tree still holds the root and Sales alone, under their names
    const tree = JSON.stringify((await call('GET', units, { token: org.token })).body);
    expect(tree.match(/"id":/g)).toHaveLength(2);
    expect(tree).toContain('"name":"Sales"');
    for (const name of WELL_FORMED) {
      const r = await call('PATCH', `${units}/${unitId}`, { token: org.token, body: { name } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  });
});

describe('the inviter’s message', () => {
  it('refuses control (other than line breaks) and bidi formatting characters, inviting nobody', async () => {
    const org = await newOrg('Acme Notes');
    for (const [label, bad] of refused.filter(([label]) => label !== 'a new line')) {
      const email = inviteeEmail();
      const r = await call('POST', `/v1/accounts/${org.accountId}/invitations`, {
        token: org.token,
        body: { emails: [email], message: `Welcome ${bad}` },
      });
      expect400(r, 'message', label);
      expect(await mailsTo(email)).toHaveLength(0);
    }
  });

  it('is shown in the mail as the inviter’s quoted words, HTML-escaped (positive control: any script, several lines)', async () => {
    const org = await newOrg('Acme Quotes');
    const email = inviteeEmail();
    const message = 'مرحبا بك في الفريق!\nSee you on Monday <b>bold</b> & "quoted"';
    const r = await call('POST', `/v1/accounts/${org.accountId}/invitations`, {
      token: org.token,
      body: { emails: [email], message },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const [mail] = await mailsTo(email);
    expect(mail.body.text).toContain(
      'Olive Owner wrote:\n> مرحبا بك في الفريق!\n> See you on Monday <b>bold</b> & "quoted"\n',
    );
    expect(mail.body.html).toContain('Olive Owner wrote:');
    expect(mail.body.html).toMatch(
      /<blockquote[^>]*>مرحبا بك في الفريق!<br>See you on Monday &lt;b&gt;bold&lt;\/b&gt; &amp; &quot;quoted&quot;<\/blockquote>/,
    );
    expect(mail.body.html).not.toContain('<b>bold');
  });
});
