/** Mail in the member's language: their own `language`, else their account's, through the API and the local mailbox. */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../support/http.ts';
import { mailsTo } from '../../support/mailbox.ts';
import { newAccount, userInput } from '../../builders/api.ts';
import { acceptLink, linkOf } from '../../builders/invitations.ts';
import { PASSWORD } from '../../builders/api.ts';

let acme: Awaited<ReturnType<typeof newAccount>>;
let lyon: Awaited<ReturnType<typeof newAccount>>;

const createMember = async (account: typeof acme, over: Record<string, unknown> = {}) => {
  const r = await call('POST', `/v1/accounts/${account.accountId}/users`, {
    token: account.token,
    body: userInput({ firstName: 'Ada', ...over }),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const [mail] = await mailsTo((r.body as { email: string }).email);
  return { email: (r.body as { email: string }).email, mail };
};

beforeAll(async () => {
  [acme, lyon] = await Promise.all([newAccount('Acme Berlin'), newAccount('Acme Lyon')]);
  const r = await call('PATCH', `/v1/accounts/${lyon.accountId}/settings`, {
    token: lyon.token,
    body: { language: 'fr', timezone: 'Europe/Paris' },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
});

describe('the setup mail', () => {
  it('is German for a member whose language is de, text and HTML, and its link works', async () => {
    const { email, mail } = await createMember(acme, { language: 'de' });
    expect(mail.subject).toBe('Richten Sie Ihr Konto bei Acme Berlin ein');
    expect(mail.from).toMatch(/^"Switchboard" <[^>]+>$/);
    expect(mail.body.text).toContain('Hallo Ada,\n\nFür Sie wurde ein Konto bei Acme Berlin angelegt.');
    expect(mail.body.text).toMatch(/Passwort festlegen: \S+\/accept-invitation\?token=/);
    expect(mail.body.text).toMatch(/läuft am \d{1,2}\. \w+ \d{4} um \d\d:\d\d ab\./);
    expect(mail.body.html).toContain('<html lang="de">');
    expect(mail.body.html).toContain('Für Sie wurde ein Konto bei Acme Berlin angelegt.');
    expect((await acceptLink(await linkOf(email), PASSWORD)).status).toBe(200);
  });

  it('is French for a member without a language in an account whose language is fr (positive control: English without either)', async () => {
    const { mail } = await createMember(lyon);
    expect(mail.subject).toBe('Configurez votre compte Acme Lyon');
    expect(mail.body.text).toContain('Un compte a été créé pour vous chez Acme Lyon.');
    expect(mail.body.html).toContain('<html lang="fr">');
    const english = await createMember(acme);
    expect(english.mail.subject).toBe('Set up your Acme Berlin account');
    // the member's own language wins over the account's
    const spanish = await createMember(lyon, { language: 'es' });
    expect(spanish.mail.subject).toBe('Configura tu cuenta de Acme Lyon');
  });
});
