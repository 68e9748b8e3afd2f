/**
 * Numbers and members' phones over HTTP against the local stack: normalisation, ETag and If-Match, the deployment-wide
 * claims under races (two accounts claiming one number at once: exactly one 201; two phones with one extension at
 * once: one wins), assignments that move, a closed member refused, the create-user extension with nothing left behind
 * when it is taken, and the audit events. Who may call what is in the authorization matrix; rule permutations are
 * unit-tested (test/unit/telephony.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { createMember, expectStatus, newOrg, PASSWORD, userInput, type Manager } from '../../builders/api.ts';
import { collect } from '../../builders/matrix.ts';
import {
  addDevice,
  addNumber,
  assign,
  freshE164,
  freshExtension,
  type DeviceBody,
  type NumberBody,
} from '../../builders/telephony.ts';

let org: Manager;
let other: Manager;
const numbers = (m: Manager = org) => `/v1/accounts/${m.accountId}/numbers`;
const user = (userId: string, m: Manager = org) => `/v1/accounts/${m.accountId}/users/${userId}`;

beforeAll(async () => {
  [org, other] = await Promise.all([newOrg('Telephony Co'), newOrg('Telephony Rival')]);
});

describe('numbers', () => {
  it('are stored as E.164 with an ETag; a stale If-Match is 412; bad input is 400 and writes nothing', async () => {
    const digits = freshE164();
    const spaced = `${digits.slice(0, 2)} (${digits.slice(2, 5)}) ${digits.slice(5, 8)}-${digits.slice(8)}`;
    const r = await call('POST', numbers(), { token: org.token, body: { e164: spaced, label: 'Front desk' } });
    expectStatus(r, 201);
    const number = r.body as NumberBody;
    expect(number).toMatchObject({ e164: digits, label: 'Front desk', assignment: null, version: 1 });
    expect(r.headers.location).toBe(`${numbers()}/${number.id}`);
    expect(r.headers.etag).toBe('"1"');
    const path = `${numbers()}/${number.id}`;
    expectStatus(
      await call('PATCH', path, { token: org.token, body: { label: 'x' }, headers: { 'if-match': '"7"' } }),
      412,
    );
    const patched = await call('PATCH', path, {
      token: org.token,
      body: { label: 'Sales' },
      headers: { 'if-match': '"1"' },
    });
    expectStatus(patched, 200);
    expect([patched.body.label, patched.headers.etag]).toEqual(['Sales', '"2"']);

    const bad = await call('POST', numbers(), { token: org.token, body: { e164: '+1 555 123 4567' } });
    expectStatus(bad, 400);
    expect(bad.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'e164' }] });
    const sneaky = await call('POST', numbers(), { token: org.token, body: { e164: freshE164(), assignment: null } });
    expect(sneaky.body).toMatchObject({ code: 'validation_failed', errors: [{ path: 'assignment' }] });
    // the same number in another format is the same number
    expect(
      await call('POST', numbers(), { token: org.token, body: { e164: spaced.replaceAll(' ', '') } }),
    ).toMatchObject({
      status: 409,
      body: { code: 'number_taken' },
    });
  });

  it('two accounts claiming one number at once: exactly one 201, the other 409 number_taken without naming the holder', async () => {
    for (let round = 0; round < 3; round++) {
      const e164 = freshE164();
      const answers = await Promise.all(
        [org, other].map((m) => call('POST', numbers(m), { token: m.token, body: { e164 } })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      const loser = answers.find((a) => a.status === 409)!;
      expect(loser.body.code).toBe('number_taken');
      expect(JSON.stringify(loser.body)).not.toMatch(new RegExp(`${org.accountId}|${other.accountId}`));
      // the loser holds nothing of it
      const losing = answers[0].status === 409 ? org : other;
      const theirs = await collect<NumberBody>(numbers(losing), losing.token);
      expect(theirs.map((n) => n.e164)).not.toContain(e164);
    }
  });

  it('deleting a number releases it to the whole deployment', async () => {
    const number = await addNumber(org);
    expectStatus(await call('DELETE', `${numbers()}/${number.id}`, { token: org.token }), 204);
    expectStatus(await call('GET', `${numbers()}/${number.id}`, { token: org.token }), 404);
    await expect(addNumber(other, { e164: number.e164 })).resolves.toMatchObject({ e164: number.e164 });
  });

  it('an assignment moves between members, each lists what they hold, and a closed member is refused', async () => {
    const [a, b, gone] = await Promise.all([createMember(org), createMember(org), createMember(org)]);
    const number = await addNumber(org);
    // the service named must be an open service of the member: none yet (409), then their voice service
    const noService = await call('PUT', `${numbers()}/${number.id}/assignment`, {
      token: org.token,
      body: { userId: a.id, serviceId: 'voice' },
    });
    expectStatus(noService, 409);
    expectStatus(await call('POST', `${user(a.id)}/services`, { token: org.token, body: { type: 'voice' } }), 201);
    const toA = await call('PUT', `${numbers()}/${number.id}/assignment`, {
      token: org.token,
      body: { userId: a.id, serviceId: 'voice' },
    });
    expectStatus(toA, 200);
    expect(toA.body).toMatchObject({ assignment: { userId: a.id, serviceId: 'voice' }, version: 2 });
    expect((await collect<NumberBody>(`${user(a.id)}/numbers`, org.token)).map((n) => n.id)).toEqual([number.id]);
    await assign(org, number.id, b.id);
    expect(await collect(`${user(a.id)}/numbers`, org.token)).toEqual([]);
    expect((await collect<NumberBody>(`${user(b.id)}/numbers`, org.token)).map((n) => n.id)).toEqual([number.id]);

    expectStatus(await call('DELETE', user(gone.id), { token: org.token, body: { password: PASSWORD } }), 204);
    const refused = await call('PUT', `${numbers()}/${number.id}/assignment`, {
      token: org.token,
      body: { userId: gone.id },
    });
    expectStatus(refused, 409);
    const after = await call('GET', `${numbers()}/${number.id}`, { token: org.token });
    expect(after.body).toMatchObject({ assignment: { userId: b.id }, version: 3 });
    // another account's member is not found here
    const stranger = await createMember(other);
    expectStatus(
      await call('PUT', `${numbers()}/${number.id}/assignment`, { token: org.token, body: { userId: stranger.id } }),
      404,
    );

    expectStatus(await call('DELETE', `${numbers()}/${number.id}/assignment`, { token: org.token }), 204);
    expect(await collect(`${user(b.id)}/numbers`, org.token)).toEqual([]);
    const events = await collect<{ type: string; target: { userId?: string }; details: { numberId?: string } }>(
      `/v1/accounts/${org.accountId}/events`,
      org.token,
    );
    expect(
      events
        .filter((e) => e.details.numberId === number.id)
        .map((e) => `${e.type}${e.target.userId ? `:${[a.id, b.id].indexOf(e.target.userId)}` : ''}`)
        .sort(),
    ).toEqual([
      'number.assigned:0',
      'number.assigned:1',
      'number.created',
      'number.unassigned:0',
      'number.unassigned:1',
    ]);
  });
});

describe('devices', () => {
  it('are stored with a canonical MAC; two phones with one extension at once: one wins; a moved extension is free again', async () => {
    const [a, b] = await Promise.all([createMember(org), createMember(org)]);
    const mac = `aa-bb-cc-${Math.floor(Math.random() * 0xffffff)
      .toString(16)
      .padStart(6, '0')
      .replace(/(..)(..)(..)/, '$1-$2-$3')}`;
    const phone = await addDevice(org, a.id, { model: 'Yealink T54W', macAddress: mac });
    expect(phone).toMatchObject({
      userId: a.id,
      model: 'Yealink T54W',
      macAddress: mac.toUpperCase().replaceAll('-', ':'),
    });
    // the same MAC in another account, in another form: taken
    const elsewhere = await createMember(other);
    const taken = await call('POST', `${user(elsewhere.id, other)}/devices`, {
      token: other.token,
      body: { extension: freshExtension(), macAddress: mac.replaceAll('-', '') },
    });
    expect(taken).toMatchObject({ status: 409, body: { code: 'mac_address_taken' } });

    const extension = freshExtension();
    const race = await Promise.all(
      [a, b].map((m) => call('POST', `${user(m.id)}/devices`, { token: org.token, body: { extension } })),
    );
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(race.find((r) => r.status === 409)!.body.code).toBe('extension_taken');
    const holders = await Promise.all([a, b].map((m) => collect<DeviceBody>(`${user(m.id)}/devices`, org.token)));
    expect(holders.flat().filter((d) => d.extension === extension)).toHaveLength(1);

    const next = freshExtension();
    const moved = await call('PATCH', `${user(a.id)}/devices/${phone.id}`, {
      token: org.token,
      body: { extension: next, macAddress: null },
      headers: { 'if-match': '"1"' },
    });
    expectStatus(moved, 200);
    expect(moved.body).toMatchObject({ extension: next, macAddress: null, version: 2 });
    await expect(addDevice(org, b.id, { extension: phone.extension, macAddress: mac })).resolves.toMatchObject({
      extension: phone.extension,
    });
  });

  it('POST users with an extension creates the phone with the member; a taken one leaves no member behind', async () => {
    const extension = freshExtension();
    const created = await call('POST', `/v1/accounts/${org.accountId}/users`, {
      token: org.token,
      body: userInput({ extension }),
    });
    expectStatus(created, 201);
    const memberId = (created.body as { id: string }).id;
    expect(await collect<DeviceBody>(`${user(memberId)}/devices`, org.token)).toMatchObject([{ extension }]);

    const input = userInput({ extension });
    const refused = await call('POST', `/v1/accounts/${org.accountId}/users`, { token: org.token, body: input });
    expect(refused).toMatchObject({ status: 409, body: { code: 'extension_taken' } });
    const usernames = (await collect<{ username: string }>(`/v1/accounts/${org.accountId}/users`, org.token)).map(
      (m) => m.username,
    );
    expect(usernames).not.toContain(input.username);
    // nothing of the refused member holds its username or email: the same member with a free extension is created
    expectStatus(
      await call('POST', `/v1/accounts/${org.accountId}/users`, {
        token: org.token,
        body: { ...input, extension: freshExtension() },
      }),
      201,
    );
  });
});
