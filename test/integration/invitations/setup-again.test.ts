/**
 * Setup-again links (`kind: reset`, POST …/users/{userId}/invitation for a set-up member) follow the reset-link rules:
 * retired by any later password change, accepting one revokes every session, and they live an hour.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invitationKey } from '#adapters/dynamodb/entities/invitation.ts';
import { TTL } from '#adapters/dynamodb/entity.ts';
import { storedItem } from '../../support/dynamo.ts';
import { call, clearFaults, clock, fault } from '../../support/http.ts';
import { lastLinkTo } from '../../support/mailbox.ts';
import { newAccount, newMember, nextSecond, PASSWORD, signIn, tokenRequest } from '../../builders/api.ts';
import { acceptLink, linkOf } from '../../builders/invitations.ts';

const NEW_PASSWORD = 'Brand-New-Password-7';
let acme: Awaited<ReturnType<typeof newAccount>>;
const userPath = (userId: string) => `/v1/accounts/${acme.accountId}/users/${userId}`;
const setupAgain = (userId: string) => call('POST', `${userPath(userId)}/invitation`, { token: acme.token });

beforeAll(async () => {
  acme = await newAccount('Acme Again');
});
afterEach(async () => {
  await clock(0);
  await clearFaults();
});

describe('a setup-again link is retired by a later password change', () => {
  it('a manager sets the password: the link answers 410 (positive control: a link sent after the change works)', async () => {
    const member = await newMember(acme);
    expect((await setupAgain(member.id)).status).toBe(202);
    const retired = await linkOf(member.email);

    const set = await call('PUT', `${userPath(member.id)}/password`, {
      token: acme.token,
      body: { password: 'Manager-Set-Pass-1', temporary: false },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(204);
    const refused = await acceptLink(retired, NEW_PASSWORD);
    expect(refused.status, JSON.stringify(refused.body)).toBe(410);
    expect(refused.body).toMatchObject({ code: 'invitation_used' });
    await nextSecond();
    expect((await tokenRequest(member.email, 'Manager-Set-Pass-1')).status).toBe(200);
    expect((await tokenRequest(member.email, NEW_PASSWORD)).status).toBe(401);

    expect((await setupAgain(member.id)).status).toBe(202);
    const fresh = await acceptLink(await linkOf(member.email), NEW_PASSWORD);
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    await nextSecond();
    expect((await tokenRequest(member.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('the member resets their own password (forgot password): the link answers 410', async () => {
    const member = await newMember(acme);
    expect((await setupAgain(member.id)).status).toBe(202);
    const retired = await linkOf(member.email);
    await nextSecond();
    expect((await call('POST', '/v1/auth/forgot-password', { body: { email: member.email } })).status).toBe(202);
    const reset = await call('POST', '/v1/auth/reset-password', {
      body: { token: await lastLinkTo(member.email, 'reset-password'), password: 'Self-Chosen-Pass-3' },
    });
    expect(reset.status, JSON.stringify(reset.body)).toBe(204);
    const refused = await acceptLink(retired, NEW_PASSWORD);
    expect(refused.status, JSON.stringify(refused.body)).toBe(410);
    await nextSecond();
    expect((await tokenRequest(member.email, 'Self-Chosen-Pass-3')).status).toBe(200);
  });
});

describe('accepting a setup-again link', () => {
  it('revokes every session of the person (positive control: a token issued after acceptance works)', async () => {
    const member = await newMember(acme);
    // the old password survives a failed replacement: the link is stored and the old tokens refused, Cognito unchanged
    await fault({ service: 'cognito', command: 'AdminSetUserPasswordCommand', times: 1 });
    expect((await setupAgain(member.id)).status).toBe(500);
    await nextSecond();
    const session = await signIn(member.email, PASSWORD);
    expect((await call('GET', '/v1/me', { token: session })).status).toBe(200);

    // the stored link is sent again (new token, same link) and accepted
    const listed = await call('GET', `/v1/accounts/${acme.accountId}/invitations?status=pending&limit=100`, {
      token: acme.token,
    });
    const link = (listed.body as { items: { id: string; userId: string | null; kind: string }[] }).items.find(
      (i) => i.userId === member.id && i.kind === 'reset',
    );
    expect(link).toBeDefined();
    const resent = await call('POST', `/v1/accounts/${acme.accountId}/invitations/${link!.id}/resend`, {
      token: acme.token,
    });
    expect(resent.status, JSON.stringify(resent.body)).toBe(200);
    const accepted = await acceptLink(await linkOf(member.email), NEW_PASSWORD);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);

    expect((await call('GET', '/v1/me', { token: session })).status).toBe(401);
    await nextSecond();
    const after = await signIn(member.email, NEW_PASSWORD);
    expect((await call('GET', '/v1/me', { token: after })).status).toBe(200);
  });
});

describe('a setup-again link lives an hour', () => {
  it('expires an hour after it was sent (moved clock; stored expiry and TTL), while a link used before then works', async () => {
    const [early, late] = [await newMember(acme), await newMember(acme)];
    const sent = Date.now();
    const lateLink = await setupAgain(late.id);
    expect(lateLink.status).toBe(202);
    const { invitationId, expiresAt } = lateLink.body as { invitationId: string; expiresAt: string };
    expect(Math.abs(Date.parse(expiresAt) - sent - 3600_000)).toBeLessThan(5_000);
    const item = await storedItem(invitationKey(acme.accountId, invitationId));
    expect(item?.linkExpiresAt).toBe(expiresAt);
    // the record is kept (TTL) 30 days after the link expired, so the link answers 410 until then
    expect(item?.[TTL]).toBe(Math.floor(Date.parse(expiresAt) / 1000) + 30 * 24 * 3600);
    const lateToken = await linkOf(late.email);
    expect((await setupAgain(early.id)).status).toBe(202);
    const earlyToken = await linkOf(early.email);

    await clock(3600 - 60);
    expect((await acceptLink(earlyToken, NEW_PASSWORD)).status).toBe(200);
    await clock(3600 + 5);
    const expired = await acceptLink(lateToken, NEW_PASSWORD);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ code: 'invitation_expired' });
  });
});
