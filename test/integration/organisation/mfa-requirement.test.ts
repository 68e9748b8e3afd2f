/**
 * Requiring MFA needs MFA: turning `mfaRequired` on (for the account, a unit or a member) is refused with
 * 409 mfa_enrollment_required to a caller without MFA, so that nobody locks themselves out; nothing changes.
 * Turning it off, leaving it on and every other setting are unaffected.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { expectStatus, newAdmin, newMember, newOrg, nextSecond, type Manager } from '../../builders/api.ts';
import { enrollTotp, eventsOf, signInWithMfa } from '../../builders/lifecycle.ts';
import { createUnit, unitsPath } from '../../builders/units.ts';

let acme: Manager;
const accountPath = () => `/v1/accounts/${acme.accountId}`;
const settingsPath = () => `${accountPath()}/settings`;
const unitSettings = (unitId: string) => `${unitsPath(acme)}/${unitId}/settings`;
const userPath = (userId: string) => `${accountPath()}/users/${userId}`;
const settingsEvents = async (token = acme.token) =>
  (await eventsOf(token, `${accountPath()}/events`)).filter(
    (e) => e.type === 'settings.updated' || e.type === 'account.updated' || e.type === 'user.updated',
  );

function expectEnrollmentRequired(r: { status: number; body: unknown; headers: Record<string, string> }) {
  expectStatus(r, 409);
  expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({
    type: 'https://switchboard.dev/problems/mfa-enrollment-required',
    status: 409,
    code: 'mfa_enrollment_required',
  });
}

beforeAll(async () => {
  acme = await newOrg('Mfa Requirement Co');
});

describe('turning mfaRequired on needs the caller’s own MFA', () => {
  it('an account manager without MFA: 409 at every level, nothing stored, no audit event', async () => {
    const unit = await createUnit(acme, 'Strict', acme.rootId);
    const member = await newMember(acme);
    const before = await settingsEvents();
    const memberBefore = (await call('GET', userPath(member.id), { token: acme.token })).body as { version: number };

    expectEnrollmentRequired(await call('PATCH', settingsPath(), { token: acme.token, body: { mfaRequired: true } }));
    expectEnrollmentRequired(
      await call('PATCH', settingsPath(), { token: acme.token, body: { language: 'de', mfaRequired: true } }),
    );
    expectEnrollmentRequired(await call('PATCH', accountPath(), { token: acme.token, body: { mfaRequired: true } }));
    expectEnrollmentRequired(
      await call('PATCH', unitSettings(unit.id), { token: acme.token, body: { mfaRequired: true } }),
    );
    expectEnrollmentRequired(
      await call('PATCH', userPath(member.id), { token: acme.token, body: { settings: { mfaRequired: true } } }),
    );

    const account = await call('GET', settingsPath(), { token: acme.token });
    expect(account.body).toMatchObject({ settings: { mfaRequired: false, language: 'en' } });
    expect(account.headers.etag).toBe('"1"');
    const unitView = await call('GET', unitSettings(unit.id), { token: acme.token });
    expect(unitView.body).toMatchObject({ settings: {} });
    expect(unitView.headers.etag).toBe('"0"');
    const user = await call('GET', userPath(member.id), { token: acme.token });
    expect(user.body).toMatchObject({
      settings: {},
      version: memberBefore.version,
      effectivePermissions: { mfaRequired: false },
    });
    expect(await settingsEvents()).toEqual(before);
    // the member, whom a stored requirement would hold at enrolment, is not held
    expectStatus(await call('GET', accountPath(), { token: member.token }), 200);
  });

  it('an admin without MFA cannot require it in their scope either; other settings and turning it off pass', async () => {
    const scope = await createUnit(acme, 'Admin scope', acme.rootId);
    const inner = await createUnit(acme, 'Inner', scope.id);
    const admin = await newAdmin(acme, scope.id);
    expectEnrollmentRequired(
      await call('PATCH', unitSettings(inner.id), { token: admin.token, body: { mfaRequired: true } }),
    );
    const unchanged = await call('GET', unitSettings(inner.id), { token: admin.token });
    expect(unchanged.body).toMatchObject({ settings: {} });
    expect(unchanged.headers.etag).toBe('"0"');
    // positive controls: other fields, and an explicit `false`, are no requirement
    const other = await call('PATCH', unitSettings(inner.id), { token: admin.token, body: { language: 'fr' } });
    expectStatus(other, 200);
    const off = await call('PATCH', unitSettings(inner.id), { token: acme.token, body: { mfaRequired: false } });
    expectStatus(off, 200);
    expect(off.body).toMatchObject({ settings: { language: 'fr', mfaRequired: false } });
  });

  it('positive control: with TOTP enabled the same caller turns it on; leaving it on needs no MFA', async () => {
    const owner = await newOrg('Mfa Requirement Enrolled Co');
    const unit = await createUnit(owner, 'Strict', owner.rootId);
    const sibling = await createUnit(owner, 'Sibling', owner.rootId);
    const member = await newMember(owner, { unitId: sibling.id });
    const admin = await newAdmin(owner, sibling.id);

    const secret = await enrollTotp(owner.token);
    await nextSecond();
    const token = await signInWithMfa(owner.email, secret);
    const base = `/v1/accounts/${owner.accountId}`;

    const onUnit = await call('PATCH', `${unitsPath(owner)}/${unit.id}/settings`, {
      token,
      body: { mfaRequired: true },
    });
    expectStatus(onUnit, 200);
    expect(onUnit.body).toMatchObject({ settings: { mfaRequired: true } });
    const onMember = await call('PATCH', `${base}/users/${member.id}`, {
      token,
      body: { settings: { mfaRequired: true } },
    });
    expectStatus(onMember, 200);
    expect(onMember.body).toMatchObject({ settings: { mfaRequired: true } });

    // leaving it on (with another change) is not turning it on: the admin, without MFA, may
    const sameAgain = await call('PATCH', `${base}/users/${member.id}`, {
      token: admin.token,
      body: { firstName: 'Still', settings: { mfaRequired: true } },
    });
    expectStatus(sameAgain, 200);

    const onAccount = await call('PATCH', `${base}/settings`, { token, body: { mfaRequired: true } });
    expectStatus(onAccount, 200);
    expect(onAccount.body).toMatchObject({ settings: { mfaRequired: true } });
    const types = (await eventsOf(token, `${base}/events`)).map((e) => e.type);
    expect(types.filter((t) => t === 'settings.updated')).toHaveLength(2);

    // and through PATCH /accounts/{id}: off, then on again
    expectStatus(await call('PATCH', base, { token, body: { mfaRequired: false } }), 200);
    const again = await call('PATCH', base, { token, body: { mfaRequired: true } });
    expectStatus(again, 200);
    expect(again.body).toMatchObject({ mfaRequired: true });
  });
});
