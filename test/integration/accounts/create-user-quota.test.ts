/**
 * Creating a member mails a setup link, so `POST …/users` counts against the account's daily mail quota, the one
 * invitations by email count against: past it, the same 429 as an invitation, and nothing is created.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { invitationQuotaKey } from '#adapters/dynamodb/entities/invitation.ts';
import { DAILY_INVITATION_LIMIT } from '#domain/invitation-rules.ts';
import { ddb, storedItem, tableName } from '../../support/dynamo.ts';
import { call } from '../../support/http.ts';
import { mailsTo } from '../../support/mailbox.ts';
import { newAccount, userInput } from '../../builders/api.ts';
import { inviteeEmail } from '../../builders/invitations.ts';

const today = () => new Date().toISOString().slice(0, 10);
const quotaKey = (accountId: string) => invitationQuotaKey(accountId, today());
async function useQuota(accountId: string, count: number) {
  await ddb().send(
    new PutCommand({ TableName: tableName(), Item: { ...quotaKey(accountId), entity: 'InvitationQuota', count } }),
  );
}
const used = async (accountId: string) => Number((await storedItem(quotaKey(accountId)))?.count ?? 0);

describe('POST …/users and the daily mail quota', () => {
  it('counts each created member; past the limit it answers as invitations do (429) and creates nothing', async () => {
    const acme = await newAccount('Acme Quota');
    const createUser = (body: Record<string, unknown>) =>
      call('POST', `/v1/accounts/${acme.accountId}/users`, { token: acme.token, body });

    // positive control: the last place of the day is taken by a member, counted like an invitation
    await useQuota(acme.accountId, DAILY_INVITATION_LIMIT - 1);
    const last = await createUser(userInput());
    expect(last.status, JSON.stringify(last.body)).toBe(201);
    expect(await used(acme.accountId)).toBe(DAILY_INVITATION_LIMIT);

    // the same answer as an invitation past the quota
    const invited = await call('POST', `/v1/accounts/${acme.accountId}/invitations`, {
      token: acme.token,
      body: { emails: [inviteeEmail()] },
    });
    expect(invited.status).toBe(429);

    const input = userInput();
    const refused = await createUser(input);
    expect(refused.status, JSON.stringify(refused.body)).toBe(429);
    expect(refused.body).toMatchObject({ code: (invited.body as { code: string }).code });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await used(acme.accountId)).toBe(DAILY_INVITATION_LIMIT);
    // nothing created: no member, no mail, and the username and email are still free
    const listed = await call('GET', `/v1/accounts/${acme.accountId}/users?limit=100`, { token: acme.token });
    expect((listed.body as { items: { username: string }[] }).items.map((u) => u.username)).not.toContain(
      input.username,
    );
    expect(await mailsTo(input.email)).toHaveLength(0);
    await useQuota(acme.accountId, 0);
    const retried = await createUser(input);
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(await used(acme.accountId)).toBe(1);
  });
});
