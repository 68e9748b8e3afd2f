/**
 * The backup email is a recovery channel that managers and delegates can write: self-service recovery never uses it,
 * only a manager's forced reset does, and the person hears at their primary email whenever it changes.
 */
import { describe, expect, it } from 'vitest';
import { call, stack } from '../../support/http.ts';
import { lastLinkTo, mailsTo } from '../../support/mailbox.ts';
import { newAccount, newMember, uniqueEmail } from '../../builders/api.ts';

const userPath = (accountId: string, userId: string) => `/v1/accounts/${accountId}/users/${userId}`;
const resetMails = async (email: string) =>
  (await mailsTo(email)).filter((m) => /reset-password\?token=/.test(m.body.text ?? ''));
const backupNotices = async (email: string) => (await mailsTo(email)).filter((m) => /backup email/i.test(m.subject));
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('forgot password and the backup email', () => {
  it('mails only the primary email, never the backup (positive control: a forced reset still reaches the backup)', async () => {
    const acme = await newAccount();
    const backup = uniqueEmail('backup');
    const member = await newMember(acme, { backupEmail: backup });

    const r = await call('POST', '/v1/auth/forgot-password', { body: { email: member.email } });
    expect(r.status).toBe(202);
    const link = await lastLinkTo(member.email, 'reset-password');
    expect(link).toBeTruthy();
    await settle();
    expect(await mailsTo(backup)).toHaveLength(0);

    const forced = await call('POST', `${userPath(acme.accountId, member.id)}/password-reset`, { token: acme.token });
    expect(forced.status, JSON.stringify(forced.body)).toBe(202);
    expect(await lastLinkTo(backup, 'reset-password')).toBe(await lastLinkTo(member.email, 'reset-password'));
    expect(await resetMails(backup)).toHaveLength(1);
  });
});

describe('changing a backup email', () => {
  it('sends a notice (who, when, no link) to the primary email; an update that leaves it alone sends none', async () => {
    const acme = await newAccount();
    const member = await newMember(acme, { backupEmail: uniqueEmail('old-backup') });
    const path = userPath(acme.accountId, member.id);

    // positive control first: another field changes, the backup email does not
    const untouched = await call('PATCH', path, { token: acme.token, body: { firstName: 'Maxine' } });
    expect(untouched.status, JSON.stringify(untouched.body)).toBe(200);
    await settle();
    expect(await backupNotices(member.email)).toHaveLength(0);

    const planted = uniqueEmail('planted');
    const changed = await call('PATCH', path, { token: acme.token, body: { backupEmail: planted } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const notices = await backupNotices(member.email);
    expect(notices).toHaveLength(1);
    const [notice] = notices;
    expect(notice.destination.to).toEqual([member.email]);
    expect(notice.body.text).toContain('Olive Owner');
    expect(notice.body.text).toContain(planted);
    expect(notice.body.text).toMatch(/ on \w+ \d{1,2}, \d{4} at \d{1,2}:\d{2}\s[AP]M\./);
    // no link of this deployment's (no token, no page to act on): the brand's support link in the footer is all
    const [body, footer] = (notice.body.text ?? '').split('\n-- \n');
    expect(body).not.toMatch(/https?:\/\//);
    expect(notice.body.text).not.toContain(stack().appUrl);
    expect(footer).toContain('https://help.northwind.example');
    const links = [...(notice.body.html ?? '').matchAll(/<a\s[^>]*href="([^"]*)"/gi)].map((m) => m[1]);
    expect(links).toEqual(['https://help.northwind.example/']);
    expect(await mailsTo(planted)).toHaveLength(0);

    // the same value again is no change; removing it is one
    expect((await call('PATCH', path, { token: acme.token, body: { backupEmail: planted } })).status).toBe(200);
    await settle();
    expect(await backupNotices(member.email)).toHaveLength(1);
    expect((await call('PATCH', path, { token: acme.token, body: { backupEmail: null } })).status).toBe(200);
    expect(await backupNotices(member.email)).toHaveLength(2);
  });
});
